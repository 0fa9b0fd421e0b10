/** The rule pages' content for the filesystem rules (see ./index.ts). */
import type { RuleId } from '../../audit/rules/index.js';
import { BARE_API, yaml, type RuleDoc } from './types.js';

export const FILESYSTEM = {
  'docker-socket-mount': {
    why: "Whoever can talk to the Docker API can start a privileged container that mounts the host's `/`: the socket is root on the host, and mounting it read-only changes nothing (the API is reached through the socket, not by writing the file). Reverse proxies and dashboards that discover containers this way become the most valuable target in the project.",
    bad: yaml`
      services:
        proxy:
          image: traefik:v3.1.4
          command: ["--providers.docker=true"]
          volumes:
            - /var/run/docker.sock:/var/run/docker.sock:ro
    `,
    good: yaml`
      services:
        proxy:
          image: traefik:v3.1.4
          command: ["--providers.file.directory=/etc/traefik/dynamic"]
          volumes:
            - ./traefik:/etc/traefik/dynamic:ro
    `,
    at: '- /var/run/docker.sock:/var/run/docker.sock:ro',
  },
  'sensitive-host-mount': {
    why: "Host system directories hold what the host trusts: `/etc` has its users, sudoers and cron jobs, `/root` and home directories hold SSH keys and cloud credentials, `/var/lib/docker` every container's files. Writable, they are a way to root on the host; read-only, they still leak secrets.",
    bad: yaml`
      services:
        backup:
          image: example/backup:1.0.3
          volumes:
            - /etc:/host/etc
    `,
    good: yaml`
      services:
        backup:
          image: example/backup:1.0.3
          volumes:
            - ./backup.conf:/etc/backup/backup.conf:ro
    `,
    at: '- /etc:/host/etc',
  },
  'read-only-root-missing': {
    why: "A writable root filesystem lets an intruder replace the application's binaries, install tools and persist until the container is recreated. With `read_only: true` the image is what runs, and the few paths the service writes are explicit (`tmpfs`, volumes).",
    bad: BARE_API,
    good: yaml`
      services:
        api:
          image: example/api:1.4.2
          read_only: true
          tmpfs:
            - /tmp
    `,
    at: 'api:',
  },
  'mount-propagation-shared': {
    why: 'With shared propagation, mounts the container makes under the bind appear on the host (and the other way round): a container with mount rights can place filesystems where host processes will use them.',
    bad: yaml`
      services:
        storage:
          image: example/storage:4.2.0
          volumes:
            - /mnt/data:/data:rshared
    `,
    good: yaml`
      services:
        storage:
          image: example/storage:4.2.0
          volumes:
            - /mnt/data:/data
    `,
    at: '- /mnt/data:/data:rshared',
  },
} satisfies Partial<Record<RuleId, RuleDoc>>;
