/** The rule pages' content for the isolation rules (see ./index.ts). */
import type { RuleId } from '../../audit/rules/index.js';
import { yaml, type RuleDoc } from './types.js';

export const ISOLATION = {
  'host-cgroup': {
    why: "In the host's cgroup namespace the container sees every other container's and system service's cgroups, their limits and usage (what runs on the host, and how busy it is), and with write access to cgroupfs it can change their limits or escape its own.",
    bad: yaml`
      services:
        metrics:
          image: example/metrics-agent:8.15.0
          cgroup: host
    `,
    good: yaml`
      services:
        metrics:
          image: example/metrics-agent:8.15.0
          cgroup: private
    `,
    at: 'cgroup: host',
  },
  'host-network': {
    why: "On the host's network stack the container binds straight to the host's interfaces (no port mapping decides what is exposed), reaches services listening on the host's localhost (metadata endpoints, the Docker API over TCP, databases bound to 127.0.0.1), and, with `NET_ADMIN` or `NET_RAW`, sees and shapes the host's traffic.",
    bad: yaml`
      services:
        web:
          image: nginx:1.27.2
          network_mode: host
    `,
    good: yaml`
      services:
        web:
          image: nginx:1.27.2
          ports:
            - "127.0.0.1:8080:80"
    `,
    at: 'network_mode: host',
  },
  'host-pid': {
    why: "The container sees every process of the host, with their command lines and environments (where secrets often are), and can signal them; with `SYS_PTRACE` it can attach to them. Tools that truly need this (node exporters, debuggers) are better run outside the application's project.",
    bad: yaml`
      services:
        monitor:
          image: example/monitor:1.2.0
          pid: host
    `,
    good: yaml`
      services:
        monitor:
          image: example/monitor:1.2.0
    `,
    at: 'pid: host',
  },
  'host-ipc': {
    why: 'Shared memory segments and semaphores of every process on the host become readable and writable from the container: data other programs exchange through them leaks, and they can be corrupted.',
    bad: yaml`
      services:
        app:
          image: example/app:5.0.0
          ipc: host
    `,
    good: yaml`
      services:
        app:
          image: example/app:5.0.0
          ipc: shareable
        sidecar:
          image: example/sidecar:5.0.0
          ipc: "service:app"
    `,
    at: 'ipc: host',
  },
  'host-uts': {
    why: "With the host's UTS namespace the container can change the host's hostname and domain name, which logs, certificates and cluster membership often rely on.",
    bad: yaml`
      services:
        app:
          image: example/app:5.0.0
          uts: host
    `,
    good: yaml`
      services:
        app:
          image: example/app:5.0.0
          hostname: app
    `,
    at: 'uts: host',
  },
  'default-network-only': {
    why: 'On one shared network every service can open connections to every other one: a compromised front end reaches the database, the cache and the admin tools directly. Networks named by purpose let only the services that talk reach each other.',
    bad: yaml`
      services:
        web:
          image: nginx:1.27.2
        db:
          image: postgres:16.4
    `,
    good: yaml`
      services:
        web:
          image: nginx:1.27.2
          networks: [frontend, backend]
        db:
          image: postgres:16.4
          networks: [backend]
      networks:
        frontend: {}
        backend:
          internal: true
    `,
    at: 'web:',
  },
  'shared-volume': {
    why: "Two services writing one volume trust each other completely: either can plant files the other will read or execute, or destroy the other's data. When one only reads, a read-only mount keeps a compromise of it from spreading.",
    bad: yaml`
      services:
        app:
          image: example/app:5.0.0
          volumes:
            - uploads:/srv/uploads
        thumbnailer:
          image: example/thumbnailer:1.1.0
          volumes:
            - uploads:/data
      volumes:
        uploads: {}
    `,
    good: yaml`
      services:
        app:
          image: example/app:5.0.0
          volumes:
            - uploads:/srv/uploads
        thumbnailer:
          image: example/thumbnailer:1.1.0
          volumes:
            - uploads:/data:ro
      volumes:
        uploads: {}
    `,
    at: '- uploads:/data',
  },
} satisfies Partial<Record<RuleId, RuleDoc>>;
