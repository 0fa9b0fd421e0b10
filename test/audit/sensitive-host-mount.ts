import rule from '../../src/audit/rules/sensitive-host-mount.js';
import { ruleTester, y } from './helpers.js';

ruleTester(rule, {
  valid: [
    'services:\n  a:\n    volumes: ["/etc/localtime:/etc/localtime:ro", "/srv/data:/data", "./etc:/app/etc"]\n',
    {
      name: 'deep path under /home is a checkout',
      code: 'services:\n  a:\n    volumes: ["/home/ci/project/api:/app"]\n',
    },
    {
      name: 'below the project directory',
      workingDir: '/root/project',
      code: 'services:\n  a:\n    volumes: ["/root/project/conf:/conf"]\n',
    },
    {
      name: "an application's own folders under /etc and /usr (pi-hole, a linuxserver appdata folder)",
      code: y`
        services:
          pihole:
            volumes:
              - "/etc/pihole/:/etc/pihole/"
              - "/etc/dnsmasq.d/:/etc/dnsmasq.d/"
          wireguard:
            volumes:
              - /usr/share/appdata/wireguard/config:/config
              - /usr/share/zoneinfo:/usr/share/zoneinfo:ro
              - /var/log/nginx:/logs:ro
              - /opt/app/data:/data
      `,
    },
    {
      name: 'a prefix of a name is not its parent (/usrdata, /etcetera, /procfs-data)',
      code: 'services:\n  a:\n    volumes: ["/usrdata:/d", "/etcetera:/e", "/procfs-data:/p"]\n',
    },
    {
      name: 'docker socket is its own rule',
      code: 'services:\n  a:\n    volumes: ["/var/run/docker.sock:/var/run/docker.sock"]\n',
    },
  ],
  invalid: [
    {
      name: 'kernel sources and modules, the host files of /etc, the system directories themselves (awesome-compose wireguard)',
      code: y`
        services:
          wireguard:
            volumes:
              - /usr/src:/usr/src
              - /lib/modules:/lib/modules
              - /etc/shadow:/etc/shadow:ro
              - /etc/ssh/sshd_config:/x:ro
              - /usr:/host-usr:ro
              - /var/lib/docker/containers:/var/lib/docker/containers:ro
      `,
      errors: [
        { line: 4, column: 9, severity: 'error', message: /\/usr\/src \(\/usr\/src\) writable/ },
        { line: 5, column: 9, severity: 'error', message: /\/lib/ },
        { line: 6, column: 9, severity: 'warning', message: /\/etc\/shadow/ },
        { line: 7, column: 9, severity: 'warning', message: /\/etc\/ssh/ },
        { line: 8, column: 9, severity: 'warning', message: /host system path \/usr \(/ },
        { line: 9, column: 9, severity: 'warning', message: /\/var\/lib\/docker/ },
      ],
    },
    {
      code: y`
        services:
          node-exporter:
            volumes:
              - /proc:/host/proc:ro
              - /:/rootfs:ro
              - /etc:/host/etc
              - type: bind
                source: /var/lib/docker/
                target: /var/lib/docker
                read_only: true
              - /home/alice/.ssh:/root/.ssh
              - /root:/r
      `,
      errors: [
        { line: 4, column: 9, severity: 'warning', message: /\/proc.*read-only/ },
        { line: 5, column: 9, severity: 'warning', message: /root filesystem/ },
        { line: 6, column: 9, severity: 'error', message: /writable/ },
        { line: 7, column: 9, severity: 'warning', message: /\/var\/lib\/docker/ },
        { line: 11, column: 9, severity: 'error', message: /credentials directory/ },
        { line: 12, column: 9, severity: 'error' },
      ],
    },
    {
      name: 'dot-dot segments cannot hide a system path',
      code: 'services:\n  a:\n    volumes: ["/srv/app/../../etc:/host-etc", "/home/ci/project/..:/h:ro"]\n',
      errors: [
        { line: 3, column: 15, severity: 'error', message: /\/etc/ },
        { line: 3, column: 47, severity: 'warning', message: /home directory/ },
      ],
    },
  ],
});
