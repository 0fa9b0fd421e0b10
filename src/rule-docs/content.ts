/**
 * What a rule page says beyond the rule's metadata: why the rule matters, a Compose project that
 * gets the finding and one that does not, and the line the finding points at (where the page puts
 * its inline suppression). test/rule-docs.test.ts runs every example as its page says (the CLI, in
 * a directory holding exactly these files) and checks that the bad one gets the finding at that
 * line, the good one does not, and both suppressions the page shows do suppress it.
 *
 * A string example is one `compose.yaml`, audited as production (`audit -f compose.yaml --env
 * production`); an object lists several files, audited as a directory (environments from the file
 * names: base + `compose.override.yaml` is development, base + `compose.prod.yaml` production).
 * Keyed by rule id with the registry's type: a rule without a page is a compile error.
 */
import type { RuleId } from '../audit/rules/index.js';

export interface Example {
  /** bundle path → content */
  files: Readonly<Record<string, string>>;
  /** variables the command runs with (a password the good example interpolates) */
  env?: Readonly<Record<string, string>>;
}

export interface RuleDoc {
  /** why the rule matters: what goes wrong, concretely (markdown) */
  why: string;
  bad: string | Example;
  good: string | Example;
  /** the bad example's line the finding points at, trimmed (the first line of the files equal to it) */
  at: string;
  /**
   * the code of the error Compose's own checks give the bad example at that line, when Compose
   * refuses such a project before the audit can see it (the rule then fires only on models audited
   * without the loader's checks)
   */
  refusedBy?: string;
}

/** A YAML block written indented in this file: the common indentation and the first newline removed. */
function yaml(strings: TemplateStringsArray): string {
  const lines = strings.join('').replace(/^\n/, '').split('\n');
  if (lines.at(-1)?.trim() === '') lines.pop();
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n') + '\n';
}

export const RULE_DOCS: { readonly [K in RuleId]: RuleDoc } = {
  privileged: {
    why: "A privileged container can load kernel modules, mount the host's disks and write to `/sys`: there is no boundary left between it and the host. Whoever gets code execution in the service (a vulnerable dependency, an exposed admin page) owns the machine and every other container on it.",
    bad: yaml`
      services:
        web:
          image: nginx:1.27.2
          privileged: true
    `,
    good: yaml`
      services:
        web:
          image: nginx:1.27.2
          cap_drop: [ALL]
          cap_add: [NET_BIND_SERVICE]
    `,
    at: 'privileged: true',
  },
  'cap-add-dangerous': {
    why: '`SYS_ADMIN` alone allows mounting filesystems and most known container escapes; `SYS_MODULE` loads code into the host kernel; `SYS_PTRACE` reads the memory of other processes; `NET_ADMIN` rewrites routes and firewall rules and sniffs traffic; `ALL` is nearly `privileged`. A compromise of the service becomes a compromise of the host.',
    bad: yaml`
      services:
        vpn:
          image: example/vpn:2.1.0
          cap_add:
            - NET_ADMIN
    `,
    good: yaml`
      services:
        web:
          image: nginx:1.27.2
          cap_drop: [ALL]
          cap_add: [NET_BIND_SERVICE]
    `,
    at: '- NET_ADMIN',
  },
  'cap-drop-missing': {
    why: "Docker's default set keeps capabilities such as `NET_RAW` (forge packets, ARP-spoof neighbours on the bridge), `CHOWN`, `SETUID` and `DAC_OVERRIDE` (ignore file permissions). A web service needs none of them; each one is a step an attacker inside the container does not have to earn.",
    bad: yaml`
      services:
        api:
          image: example/api:1.4.2
    `,
    good: yaml`
      services:
        api:
          image: example/api:1.4.2
          cap_drop: [ALL]
    `,
    at: 'api:',
  },
  'no-new-privileges-missing': {
    why: 'Without it, a process in the container can gain privileges through setuid or setgid binaries (`su`, `sudo`, `passwd`, or one the attacker finds in the image): the usual second step after getting a shell as an unprivileged user.',
    bad: yaml`
      services:
        api:
          image: example/api:1.4.2
    `,
    good: yaml`
      services:
        api:
          image: example/api:1.4.2
          security_opt: ["no-new-privileges:true"]
    `,
    at: 'api:',
  },
  'runs-as-root': {
    why: "UID 0 in the container is UID 0 on the host unless user namespaces are remapped: a file the container can reach through a mount, or any escape, is reached as root. An unprivileged user also cannot rewrite the application's own files.",
    bad: yaml`
      services:
        api:
          image: example/api:1.4.2
          user: root
    `,
    good: yaml`
      services:
        api:
          image: example/api:1.4.2
          user: "10001:10001"
    `,
    at: 'user: root',
  },
  'userns-host': {
    why: "On a daemon that remaps user namespaces (`userns-remap`), root in a container is an unprivileged user on the host. `userns_mode: host` opts this container out: its root is the host's root again, with everything the remapping was set up to prevent.",
    bad: yaml`
      services:
        agent:
          image: example/agent:3.0.1
          userns_mode: host
    `,
    good: yaml`
      services:
        agent:
          image: example/agent:3.0.1
    `,
    at: 'userns_mode: host',
  },
  'seccomp-unconfined': {
    why: "Docker's default seccomp profile blocks the system calls most kernel exploits start with (`keyctl`, `unshare`, `mount`, `bpf`, `perf_event_open`...). Unconfined, a kernel bug reachable through any of them is a way out of the container.",
    bad: yaml`
      services:
        api:
          image: example/api:1.4.2
          security_opt:
            - seccomp:unconfined
    `,
    good: yaml`
      services:
        api:
          image: example/api:1.4.2
          security_opt:
            - no-new-privileges:true
    `,
    at: '- seccomp:unconfined',
  },
  'apparmor-unconfined': {
    why: 'The `docker-default` AppArmor profile denies writes to `/proc` and `/sys` entries and mounts that would let a container reconfigure the host. Unconfined, only the other layers are left.',
    bad: yaml`
      services:
        api:
          image: example/api:1.4.2
          security_opt:
            - apparmor:unconfined
    `,
    good: yaml`
      services:
        api:
          image: example/api:1.4.2
          security_opt:
            - no-new-privileges:true
    `,
    at: '- apparmor:unconfined',
  },
  'selinux-disabled': {
    why: "On SELinux hosts, labels are what keeps a container from reading other containers' files and the host's, even through a bind mount. `label:disable` runs the container unconfined.",
    bad: yaml`
      services:
        api:
          image: example/api:1.4.2
          security_opt:
            - label:disable
    `,
    good: yaml`
      services:
        api:
          image: example/api:1.4.2
          security_opt:
            - no-new-privileges:true
    `,
    at: '- label:disable',
  },
  'host-devices': {
    why: "A device node is a direct line to a kernel driver: a raw disk can be read or rewritten below the filesystem, `/dev/mem` is the host's memory, and driver bugs become reachable from the container. GPUs are better requested as device reservations, which the runtime sets up and scopes.",
    bad: yaml`
      services:
        inference:
          image: example/inference:0.9.0
          devices:
            - /dev/nvidia0:/dev/nvidia0
    `,
    good: yaml`
      services:
        inference:
          image: example/inference:0.9.0
          deploy:
            resources:
              reservations:
                devices:
                  - driver: nvidia
                    count: 1
                    capabilities: [gpu]
    `,
    at: '- /dev/nvidia0:/dev/nvidia0',
  },
  'cgroup-parent-set': {
    why: "A custom cgroup parent moves the container out of the hierarchy Docker manages: the limits and accounting set up for containers may not apply, and the container's resources are governed by whatever the host's parent cgroup says.",
    bad: yaml`
      services:
        worker:
          image: example/worker:2.3.0
          cgroup_parent: /custom.slice
    `,
    good: yaml`
      services:
        worker:
          image: example/worker:2.3.0
    `,
    at: 'cgroup_parent: /custom.slice',
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
    bad: yaml`
      services:
        api:
          image: example/api:1.4.2
    `,
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
  'memory-limit-missing': {
    why: "Without a limit, one leaking or overloaded service takes the memory every other service on the host needs, and the kernel's OOM killer then picks its victim among all of them, the database included.",
    bad: yaml`
      services:
        api:
          image: example/api:1.4.2
    `,
    good: yaml`
      services:
        api:
          image: example/api:1.4.2
          deploy:
            resources:
              limits:
                memory: 512M
    `,
    at: 'api:',
  },
  'cpu-limit-missing': {
    why: 'A service stuck in a busy loop, or flooded with requests, uses every core it can get: the other services on the host slow down with it, health checks time out, and a local problem becomes an outage.',
    bad: yaml`
      services:
        api:
          image: example/api:1.4.2
    `,
    good: yaml`
      services:
        api:
          image: example/api:1.4.2
          deploy:
            resources:
              limits:
                cpus: "0.5"
    `,
    at: 'api:',
  },
  'pids-limit-missing': {
    why: 'Process IDs are shared by the whole host. A fork bomb, or a service that leaks threads, in one container exhausts them, and then nothing on the host can start a process, not even a shell to investigate.',
    bad: yaml`
      services:
        api:
          image: example/api:1.4.2
    `,
    good: yaml`
      services:
        api:
          image: example/api:1.4.2
          pids_limit: 200
    `,
    at: 'api:',
  },
  'ulimits-override': {
    why: 'Per-process limits are a second line against runaway resource use. Lifting one to unlimited lets a single process exhaust what the limit protected (processes, locked memory, open files) for the whole host.',
    bad: yaml`
      services:
        worker:
          image: example/worker:2.3.0
          ulimits:
            nproc: -1
    `,
    good: yaml`
      services:
        worker:
          image: example/worker:2.3.0
          ulimits:
            nofile:
              soft: 65536
              hard: 65536
    `,
    at: 'nproc: -1',
  },
  'port-all-interfaces': {
    why: 'A port published without a host address listens on every interface, public ones included, and Docker inserts its own iptables rules ahead of host firewalls such as ufw or firewalld: the port is open to the internet even where the firewall says it is closed. Databases and admin consoles exposed this way are a common cause of breaches.',
    bad: yaml`
      services:
        web:
          image: nginx:1.27.2
          ports:
            - "8080:80"
    `,
    good: yaml`
      services:
        web:
          image: nginx:1.27.2
          ports:
            - "127.0.0.1:8080:80"
    `,
    at: '- "8080:80"',
  },
  'privileged-port': {
    why: "Ports below 1024 are usually owned by the host's reverse proxy or system services. Publishing one from an application container clashes with them, and suggests the service terminates public traffic itself, without the proxy's TLS and limits.",
    bad: yaml`
      services:
        web:
          image: nginx:1.27.2
          ports:
            - "127.0.0.1:80:8080"
    `,
    good: yaml`
      services:
        web:
          image: nginx:1.27.2
          ports:
            - "127.0.0.1:8080:8080"
    `,
    at: '- "127.0.0.1:80:8080"',
  },
  'docker-api-port': {
    why: 'Port 2375 is the Docker API without TLS or authentication; 2376 with TLS still hands full control to whoever holds a client certificate. Whoever reaches the API can start a privileged container that mounts the host: it is root on the host, over the network.',
    bad: yaml`
      services:
        dind:
          image: docker:27.3.1-dind
          ports:
            - "127.0.0.1:2375:2375"
    `,
    good: yaml`
      services:
        runner:
          image: example/ci-runner:16.4.0
          environment:
            DOCKER_HOST: ssh://deploy@build-host.internal
    `,
    at: '- "127.0.0.1:2375:2375"',
  },
  'ssh-port': {
    why: 'An SSH server inside a container is one more daemon to patch, with its own keys and users, and a way in that bypasses `docker exec` and the audit trail of whoever runs the engine.',
    bad: yaml`
      services:
        app:
          image: example/app-with-sshd:5.0.0
          ports:
            - "127.0.0.1:2222:22"
    `,
    good: yaml`
      services:
        app:
          image: example/app:5.0.0
    `,
    at: '- "127.0.0.1:2222:22"',
  },
  'duplicate-published-port': {
    why: 'Only one container can bind a host address and port. The second one fails to start with "port is already allocated", usually at deploy time, when both services are finally started together.',
    bad: yaml`
      services:
        web:
          image: nginx:1.27.2
          ports:
            - "127.0.0.1:8080:80"
        admin:
          image: example/admin:2.0.0
          ports:
            - "127.0.0.1:8080:8000"
    `,
    good: yaml`
      services:
        web:
          image: nginx:1.27.2
          ports:
            - "127.0.0.1:8080:80"
        admin:
          image: example/admin:2.0.0
          ports:
            - "127.0.0.1:8081:8000"
    `,
    at: '- "127.0.0.1:8080:8000"',
  },
  'secret-in-environment': {
    why: "A secret written in a Compose file is in the repository, its history and every clone, forever. In the environment it is also visible to `docker inspect`, to every process in the container and to crash reports that dump the environment. Secrets mounted as files (`/run/secrets/...`) or interpolated from the CI's secret store avoid all three.",
    bad: yaml`
      services:
        api:
          image: example/api:1.4.2
          environment:
            API_TOKEN: 9f3c2a71d84be650c1a7
    `,
    good: yaml`
      services:
        api:
          image: example/api:1.4.2
          environment:
            API_TOKEN_FILE: /run/secrets/api_token
          secrets:
            - api_token
      secrets:
        api_token:
          environment: API_TOKEN
    `,
    at: 'API_TOKEN: 9f3c2a71d84be650c1a7',
  },
  'credentials-in-url': {
    why: 'A password inside a connection URL is as exposed as any other secret in the file, and URLs travel further: they end up in logs, error messages and monitoring labels.',
    bad: yaml`
      services:
        api:
          image: example/api:1.4.2
          environment:
            DATABASE_URL: postgres://app:Tr0ub4dor-and-3@db:5432/app
    `,
    good: {
      files: {
        'compose.yaml': yaml`
          services:
            api:
              image: example/api:1.4.2
              environment:
                DATABASE_URL: postgres://app:\${DB_PASSWORD:?set DB_PASSWORD}@db:5432/app
        `,
      },
      env: { DB_PASSWORD: 'from-the-secret-store' },
    },
    at: 'DATABASE_URL: postgres://app:Tr0ub4dor-and-3@db:5432/app',
  },
  'weak-default-password': {
    why: 'Default passwords are the first ones tried, by scanners within minutes of a port appearing on the internet. A default kept "for now" in a Compose file tends to reach production, including through a `${PASSWORD:-admin}` fallback when the variable is not set.',
    bad: yaml`
      services:
        db:
          image: postgres:16.4
          environment:
            POSTGRES_PASSWORD: postgres
    `,
    good: {
      files: {
        'compose.yaml': yaml`
          services:
            db:
              image: postgres:16.4
              environment:
                POSTGRES_PASSWORD: \${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}
        `,
      },
      env: { POSTGRES_PASSWORD: 'kX9vQ2-generated-by-the-secret-store' },
    },
    at: 'POSTGRES_PASSWORD: postgres',
  },
  'secret-in-build-args': {
    why: "Build arguments are recorded in the image's history and metadata: anyone who can pull the image reads them with `docker history`, long after the build. BuildKit secrets are mounted for one `RUN` step and never stored.",
    bad: yaml`
      services:
        api:
          image: registry.example.com/shop/api:1.4.2
          build:
            context: .
            args:
              NPM_TOKEN: \${NPM_TOKEN:-}
    `,
    good: yaml`
      services:
        api:
          image: registry.example.com/shop/api:1.4.2
          build:
            context: .
            secrets:
              - npm_token
      secrets:
        npm_token:
          environment: NPM_TOKEN
    `,
    at: 'NPM_TOKEN: ${NPM_TOKEN:-}',
  },
  'secret-in-labels': {
    why: 'Labels are metadata: anyone with read access to the Docker API (monitoring agents, dashboards, `docker inspect`) reads them, and they are copied into logs and service registries. Password hashes in labels can be cracked offline.',
    bad: yaml`
      services:
        dashboard:
          image: example/dashboard:3.2.0
          labels:
            - "traefik.http.middlewares.auth.basicauth.users=admin:$$apr1$$H6uskkkW$$IgXLP6ewTrSuBkTrqE8wj/"
    `,
    good: yaml`
      services:
        dashboard:
          image: example/dashboard:3.2.0
          labels:
            - "traefik.http.middlewares.auth.basicauth.usersfile=/run/secrets/dashboard_users"
    `,
    at: '- "traefik.http.middlewares.auth.basicauth.users=admin:$$apr1$$H6uskkkW$$IgXLP6ewTrSuBkTrqE8wj/"',
  },
  'image-unpinned': {
    why: '`latest` and other floating tags point at whatever was pushed last: a redeploy, a new host or a pruned cache silently runs different software, and a rollback has nothing to roll back to.',
    bad: yaml`
      services:
        web:
          image: nginx:latest
    `,
    good: yaml`
      services:
        web:
          image: nginx:1.27.2
    `,
    at: 'image: nginx:latest',
  },
  'image-no-digest': {
    why: 'A tag can be moved to another image by whoever controls the repository (or its account). Only a digest pins the bytes that were tested and reviewed, and lets the engine refuse anything else.',
    bad: yaml`
      services:
        api:
          image: registry.example.com/shop/api:1.4.2
    `,
    good: yaml`
      services:
        api:
          image: registry.example.com/shop/api:1.4.2@sha256:8d5fb0ec1c5bdb1ba0e1e2b3fa1c7bd4f2b0e9a8c7d6e5f4a3b2c1d0e9f8a7b6
    `,
    at: 'image: registry.example.com/shop/api:1.4.2',
  },
  'build-without-image': {
    why: 'A service built on the production host runs whatever the checkout and the build cache held at that moment: nothing names it, so nothing proves it is what CI tested, and two hosts can run two different builds.',
    bad: yaml`
      services:
        api:
          build: .
    `,
    good: yaml`
      services:
        api:
          image: registry.example.com/shop/api:1.4.2
    `,
    at: 'build: .',
  },
  'build-and-image': {
    why: 'With both `build` and `image`, `docker compose up` runs the local image when one exists and pulls otherwise: two machines with different caches run different code under the same name. `pull_policy` makes the choice explicit.',
    bad: yaml`
      services:
        api:
          image: registry.example.com/shop/api:1.4.2
          build: .
    `,
    good: yaml`
      services:
        api:
          image: registry.example.com/shop/api:1.4.2
          build: .
          pull_policy: build
    `,
    at: 'build: .',
  },
  'healthcheck-missing': {
    why: 'Without a health check the engine knows only that the process runs: a service that hangs, deadlocks or lost its database stays "up", restart policies never fire, and `depends_on: condition: service_healthy` has nothing to wait for.',
    bad: yaml`
      services:
        api:
          image: example/api:1.4.2
    `,
    good: yaml`
      services:
        api:
          image: example/api:1.4.2
          healthcheck:
            test: ["CMD", "wget", "-q", "--spider", "http://localhost:8080/healthz"]
            interval: 30s
            timeout: 5s
            retries: 3
            start_period: 20s
    `,
    at: 'api:',
  },
  'restart-policy-missing': {
    why: 'The default policy is "no": a service that crashes, or a host that reboots for a kernel update, leaves it down until someone notices.',
    bad: yaml`
      services:
        api:
          image: example/api:1.4.2
    `,
    good: yaml`
      services:
        api:
          image: example/api:1.4.2
          restart: unless-stopped
    `,
    at: 'api:',
  },
  'restart-unbounded': {
    why: 'A container that crashes at start restarts forever with `always`: it hides the failure from anyone who only checks that it is "up", fills the logs, and keeps retrying what fails (a migration, a login with a wrong password) against other systems.',
    bad: yaml`
      services:
        api:
          image: example/api:1.4.2
          restart: always
    `,
    good: yaml`
      services:
        api:
          image: example/api:1.4.2
          restart: on-failure:5
    `,
    at: 'restart: always',
  },
  'depends-on-not-healthy': {
    why: "`depends_on` in its short form waits only until the dependency's container has started, not until it answers: the dependant starts against a database that is still initialising and fails or crash-loops at every deploy.",
    bad: yaml`
      services:
        api:
          image: example/api:1.4.2
          depends_on:
            - db
        db:
          image: postgres:16.4
          healthcheck:
            test: ["CMD", "pg_isready", "-U", "postgres"]
    `,
    good: yaml`
      services:
        api:
          image: example/api:1.4.2
          depends_on:
            db:
              condition: service_healthy
        db:
          image: postgres:16.4
          healthcheck:
            test: ["CMD", "pg_isready", "-U", "postgres"]
    `,
    at: '- db',
  },
  'container-name-with-replicas': {
    why: 'Container names are unique per engine: with a fixed `container_name`, Compose cannot create the second replica and refuses to scale the service, so the replicas asked for never exist.',
    bad: yaml`
      services:
        worker:
          image: example/worker:2.3.0
          container_name: worker
          deploy:
            replicas: 3
    `,
    good: yaml`
      services:
        worker:
          image: example/worker:2.3.0
          deploy:
            replicas: 3
    `,
    at: 'container_name: worker',
    refusedBy: 'container-name-scale',
  },
  'host-port-with-replicas': {
    why: 'Every replica binds the same host address and port: the first one starts, the others fail with "port is already allocated". The project looks scaled while it runs one container.',
    bad: yaml`
      services:
        web:
          image: example/web:3.0.0
          ports:
            - "127.0.0.1:8080:80"
          deploy:
            replicas: 3
    `,
    good: yaml`
      services:
        web:
          image: example/web:3.0.0
          ports:
            - "127.0.0.1:8080-8082:80"
          deploy:
            replicas: 3
    `,
    at: '- "127.0.0.1:8080:80"',
  },
  'log-rotation-missing': {
    why: "The default `json-file` driver keeps every line a container ever wrote. A chatty or crash-looping service fills the host's disk, and with it the databases and every other service on the host stop.",
    bad: yaml`
      services:
        api:
          image: example/api:1.4.2
    `,
    good: yaml`
      services:
        api:
          image: example/api:1.4.2
          logging:
            driver: json-file
            options:
              max-size: 10m
              max-file: "3"
    `,
    at: 'api:',
  },
  'obsolete-version': {
    why: 'Compose v2 ignores `version` and warns about it on every command. The field suggests a file format the file does not follow, and the warning trains people to ignore warnings.',
    bad: yaml`
      version: "3.8"
      services:
        web:
          image: nginx:1.27.2
    `,
    good: yaml`
      services:
        web:
          image: nginx:1.27.2
    `,
    at: 'version: "3.8"',
  },
  'project-name-missing': {
    why: 'Without `name`, the project is named after the directory it is started from: two checkouts of the same files create two projects, with their own networks and volumes (and a database that seems to have lost its data).',
    bad: yaml`
      services:
        web:
          image: nginx:1.27.2
    `,
    good: yaml`
      name: shop
      services:
        web:
          image: nginx:1.27.2
    `,
    at: 'services:',
  },
  'container-name-invalid': {
    why: 'The engine refuses such a name when the container is created: the file validates and the mistake shows only at `docker compose up`.',
    bad: yaml`
      services:
        web:
          image: nginx:1.27.2
          container_name: "shop web"
    `,
    good: yaml`
      services:
        web:
          image: nginx:1.27.2
          container_name: shop-web
    `,
    at: 'container_name: "shop web"',
  },
  'ports-unquoted': {
    why: 'Compose reads YAML 1.2, but YAML 1.1 tools (older linters, `yq` v3, PyYAML) read an unquoted `22:22` as the base-60 number 1342. Quoted, every tool reads the same port mapping.',
    bad: yaml`
      services:
        git:
          image: example/git-server:2.4.0
          ports:
            - 127.0.0.1:2222:22
    `,
    good: yaml`
      services:
        git:
          image: example/git-server:2.4.0
          ports:
            - "127.0.0.1:2222:22"
    `,
    at: '- 127.0.0.1:2222:22',
  },
  'volumes-quoted': {
    why: "A style convention (dclint's): short-syntax volumes unquoted, so that every file of a project reads the same way.",
    bad: yaml`
      services:
        db:
          image: postgres:16.4
          volumes:
            - "db-data:/var/lib/postgresql/data"
      volumes:
        db-data: {}
    `,
    good: yaml`
      services:
        db:
          image: postgres:16.4
          volumes:
            - db-data:/var/lib/postgresql/data
      volumes:
        db-data: {}
    `,
    at: '- "db-data:/var/lib/postgresql/data"',
  },
  'services-order': {
    why: "A style convention (dclint's): services in alphabetical order are easy to find in a long file, and merges of two branches that add services conflict less.",
    bad: yaml`
      services:
        web:
          image: nginx:1.27.2
        api:
          image: example/api:1.4.2
    `,
    good: yaml`
      services:
        api:
          image: example/api:1.4.2
        web:
          image: nginx:1.27.2
    `,
    at: 'api:',
  },
  'service-keys-order': {
    why: "A style convention (dclint's): the same key order in every service (image first, then what the service depends on, its environment, ports, networks, command...) makes services quick to compare.",
    bad: yaml`
      services:
        web:
          ports:
            - "127.0.0.1:8080:80"
          image: nginx:1.27.2
          networks: [frontend]
      networks:
        frontend: {}
    `,
    good: yaml`
      services:
        web:
          image: nginx:1.27.2
          ports:
            - "127.0.0.1:8080:80"
          networks: [frontend]
      networks:
        frontend: {}
    `,
    at: 'image: nginx:1.27.2',
  },
  'top-level-order': {
    why: "A style convention (dclint's): extensions, `name`, `include` and `services` first, then the resources services use, in the same order in every file.",
    bad: yaml`
      networks:
        backend: {}
      services:
        api:
          image: example/api:1.4.2
          networks: [backend]
    `,
    good: yaml`
      services:
        api:
          image: example/api:1.4.2
          networks: [backend]
      networks:
        backend: {}
    `,
    at: 'services:',
  },
  'depends-on-order': {
    why: "A style convention (dclint's): dependencies in alphabetical order are easy to scan and to compare between services.",
    bad: yaml`
      services:
        api:
          image: example/api:1.4.2
          depends_on:
            - redis
            - db
        db:
          image: postgres:16.4
        redis:
          image: redis:7.4.1
    `,
    good: yaml`
      services:
        api:
          image: example/api:1.4.2
          depends_on:
            - db
            - redis
        db:
          image: postgres:16.4
        redis:
          image: redis:7.4.1
    `,
    at: '- db',
  },
  'ports-order': {
    why: "A style convention (dclint's): ports sorted by host port show at a glance what a service publishes, and which ports two services might both claim.",
    bad: yaml`
      services:
        app:
          image: example/app:5.0.0
          ports:
            - "127.0.0.1:9090:9090"
            - "127.0.0.1:8080:80"
    `,
    good: yaml`
      services:
        app:
          image: example/app:5.0.0
          ports:
            - "127.0.0.1:8080:80"
            - "127.0.0.1:9090:9090"
    `,
    at: '- "127.0.0.1:8080:80"',
  },
  'debug-in-production': {
    why: 'Development modes print stack traces and configuration (secrets included) to anyone who triggers an error, turn off caches and protections such as CSRF checks or template escaping in some frameworks, and log far more than production should keep.',
    bad: yaml`
      services:
        api:
          image: example/api:1.4.2
          environment:
            NODE_ENV: development
    `,
    good: yaml`
      services:
        api:
          image: example/api:1.4.2
          environment:
            NODE_ENV: production
    `,
    at: 'NODE_ENV: development',
  },
  'dev-command-in-production': {
    why: 'Development servers watch files, rebuild on change and serve unminified code with verbose errors; they are neither fast nor hardened, and a file watcher restarting the app is not something production should do.',
    bad: yaml`
      services:
        web:
          image: example/web:3.0.0
          command: npm run dev
    `,
    good: yaml`
      services:
        web:
          image: example/web:3.0.0
          command: ["node", "dist/server.js"]
    `,
    at: 'command: npm run dev',
  },
  'source-bind-mount-in-production': {
    why: 'With the source tree mounted over the code in the image, production runs whatever is checked out on the host (a half-pulled branch, a local edit) instead of the image CI tested, and two hosts can run two different versions.',
    bad: yaml`
      services:
        api:
          image: example/api:1.4.2
          volumes:
            - ./src:/app/src
    `,
    good: yaml`
      services:
        api:
          image: example/api:1.4.2
    `,
    at: '- ./src:/app/src',
  },
  'debug-port-published': {
    why: 'A debugger port is remote code execution by design: whoever connects to the Node inspector, a JDWP or debugpy port can run any code in the process.',
    bad: yaml`
      services:
        api:
          image: example/api:1.4.2
          ports:
            - "127.0.0.1:9229:9229"
    `,
    good: yaml`
      services:
        api:
          image: example/api:1.4.2
          ports:
            - "127.0.0.1:8080:8080"
    `,
    at: '- "127.0.0.1:9229:9229"',
  },
  'develop-section-in-production': {
    why: '`develop.watch` exists to sync local files into containers and rebuild them as they change. In a production configuration it means someone running `docker compose watch` there changes production from a working copy.',
    bad: yaml`
      services:
        web:
          image: example/web:3.0.0
          develop:
            watch:
              - action: sync
                path: ./src
                target: /app/src
    `,
    good: yaml`
      services:
        web:
          image: example/web:3.0.0
    `,
    at: 'develop:',
  },
  'override-drops-safety': {
    why: 'Hardening written once in the base file is easy to lose in an environment\'s override: a `!reset` or a "temporary" `read_only: false` in `compose.prod.yaml` quietly removes it where it matters most, and nobody reviewing the base file sees it.',
    bad: {
      files: {
        'compose.yaml': yaml`
          services:
            api:
              image: example/api:1.4.2
              read_only: true
        `,
        'compose.prod.yaml': yaml`
          services:
            api:
              read_only: false
        `,
      },
    },
    good: {
      files: {
        'compose.yaml': yaml`
          services:
            api:
              image: example/api:1.4.2
              read_only: true
        `,
        'compose.prod.yaml': yaml`
          services:
            api:
              tmpfs:
                - /tmp
        `,
      },
    },
    at: 'read_only: false',
  },
  'image-differs-between-environments': {
    why: 'When development runs another image (or another version of it) than production, what people tried is not what gets deployed: the upgrade that works in development meets the old database in production, or the other way round.',
    bad: {
      files: {
        'compose.yaml': yaml`
          services:
            db:
              image: postgres:16.4
        `,
        'compose.override.yaml': yaml`
          services:
            db:
              image: postgres:17.0
        `,
        'compose.prod.yaml': yaml`
          services:
            db:
              restart: unless-stopped
        `,
      },
    },
    good: {
      files: {
        'compose.yaml': yaml`
          services:
            db:
              image: postgres:16.4
        `,
        'compose.override.yaml': yaml`
          services:
            db:
              ports:
                - "127.0.0.1:5432:5432"
        `,
        'compose.prod.yaml': yaml`
          services:
            db:
              restart: unless-stopped
        `,
      },
    },
    at: 'image: postgres:16.4',
  },
  'dev-only-service': {
    why: 'A service that was only ever run beside a helper defined in the development override (a cache, a mail catcher, a local S3) meets production without it: it fails at its first request to a host name nothing answers.',
    bad: {
      files: {
        'compose.yaml': yaml`
          services:
            api:
              image: example/api:1.4.2
              environment:
                REDIS_URL: redis://cache:6379
        `,
        'compose.override.yaml': yaml`
          services:
            cache:
              image: redis:7.4.1
        `,
        'compose.prod.yaml': yaml`
          services:
            api:
              restart: unless-stopped
        `,
      },
    },
    good: {
      files: {
        'compose.yaml': yaml`
          services:
            api:
              image: example/api:1.4.2
              environment:
                REDIS_URL: redis://cache:6379
            cache:
              image: redis:7.4.1
        `,
        'compose.override.yaml': yaml`
          services:
            cache:
              ports:
                - "127.0.0.1:6379:6379"
        `,
        'compose.prod.yaml': yaml`
          services:
            api:
              restart: unless-stopped
        `,
      },
    },
    at: 'REDIS_URL: redis://cache:6379',
  },
};
