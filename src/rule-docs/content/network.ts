/** The rule pages' content for the network rules (see ./index.ts). */
import type { RuleId } from '../../audit/rules/index.js';
import { yaml, type RuleDoc } from './types.js';

export const NETWORK = {
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
  'published-port-invalid': {
    why: 'Compose loads a long-syntax `published` as any string, so `docker compose config` shows it without complaint; the engine then refuses the container with "invalid port specification" at `docker compose up`. A port is 16 bits (0 to 65,535) and a range runs low to high.',
    bad: yaml`
      services:
        web:
          image: nginx:1.27.2
          ports:
            - target: 80
              published: "80800"
              host_ip: 127.0.0.1
    `,
    good: yaml`
      services:
        web:
          image: nginx:1.27.2
          ports:
            - target: 80
              published: "8080"
              host_ip: 127.0.0.1
    `,
    at: 'published: "80800"',
  },
  'container-port-invalid': {
    why: 'Compose reads a long-syntax `target` as a 32-bit number, so `docker compose config` shows 70000 without complaint; the engine then refuses the container with "invalid port specification" at `docker compose up`. A port is 16 bits (0 to 65,535). Trivy checks the same of a Dockerfile\'s `EXPOSE` (DS008).',
    bad: yaml`
      services:
        web:
          image: nginx:1.27.2
          ports:
            - target: 80800
              published: "8080"
              host_ip: 127.0.0.1
    `,
    good: yaml`
      services:
        web:
          image: nginx:1.27.2
          ports:
            - target: 8080
              published: "8080"
              host_ip: 127.0.0.1
    `,
    at: '- target: 80800',
  },
} satisfies Partial<Record<RuleId, RuleDoc>>;
