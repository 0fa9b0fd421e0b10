import rule from '../../src/audit/rules/shared-volume.js';
import { ruleTester, y } from './helpers.js';

ruleTester(rule, {
  valid: [
    {
      name: 'one writer, one reader',
      code: y`
      services:
        app:
          volumes: ["data:/data"]
        backup:
          volumes:
            - type: volume
              source: data
              target: /backup
              read_only: true
    `,
    },
    {
      name: 'bind mounts are not named volumes',
      code: 'services:\n  a:\n    volumes: ["./x:/x"]\n  b:\n    volumes: ["./x:/x"]\n',
    },
    {
      name: 'the processes of one application: the same image through an anchor (netbox-docker)',
      code: y`
      services:
        netbox: &netbox
          image: docker.io/netboxcommunity/netbox:v4.1-3.0.2
          volumes:
            - netbox-media-files:/opt/netbox/netbox/media:rw
        netbox-worker:
          <<: *netbox
          command: [/opt/netbox/venv/bin/python, /opt/netbox/netbox/manage.py, rqworker]
        netbox-housekeeping:
          <<: *netbox
          command: [/opt/netbox/housekeeping.sh]
    `,
    },
    {
      name: "a cleanup job built from the service's image (self-hosted shape: BASE_IMAGE), and one that deletes old files",
      code: y`
      services:
        profiles:
          image: ghcr.io/acme/profiles:24.5.0
          volumes:
            - profiles-data:/var/lib/profiles
        profiles-reaper:
          image: profiles-reaper-local
          build:
            context: ./cron
            args:
              BASE_IMAGE: ghcr.io/acme/profiles:24.5.0
          command: '"0 0 * * * find /var/lib/profiles -type f -mtime +90 -delete"'
          volumes:
            - profiles-data:/var/lib/profiles
        uploads:
          image: ghcr.io/acme/uploads:1.2
          volumes:
            - uploads:/srv/uploads
        sweeper:
          image: alpine:3.20
          command: ["sh", "-c", "find /srv/uploads -mtime +7 -delete; sleep 86400"]
          volumes:
            - uploads:/srv/uploads
        janitor:
          image: alpine:3.20
          volumes:
            - uploads:/u
    `,
    },
  ],
  invalid: [
    {
      name: 'long and short syntax',
      code: y`
      services:
        app:
          volumes:
            - type: volume
              source: data
              target: /data
        worker:
          volumes: ["data:/work:rw"]
    `,
      errors: [
        {
          line: 8,
          column: 15,
          message: /"data" is mounted read-write by 2 services \(app, worker\)/,
          path: 'services.worker.volumes[0]',
        },
      ],
    },
    {
      name: 'two applications of different images write one volume',
      code: y`
      services:
        web:
          image: ghcr.io/acme/web:2.0
          volumes: ["shared:/srv/shared"]
        worker:
          image: ghcr.io/acme/web:2.0
          volumes: ["shared:/srv/shared"]
        importer:
          image: ghcr.io/other/importer:1.0
          volumes: ["shared:/import"]
    `,
      errors: [{ line: 10, column: 15, path: 'services.importer.volumes[0]', message: /3 services/ }],
    },
  ],
});
