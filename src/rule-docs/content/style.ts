/** The rule pages' content for the style rules (see ./index.ts). */
import type { RuleId } from '../../audit/rules/index.js';
import { BARE_WEB, yaml, type RuleDoc } from './types.js';

export const STYLE = {
  'obsolete-version': {
    why: 'Compose v2 ignores `version` and warns about it on every command. The field suggests a file format the file does not follow, and the warning trains people to ignore warnings.',
    bad: yaml`
      version: "3.8"
      services:
        web:
          image: nginx:1.27.2
    `,
    good: BARE_WEB,
    at: 'version: "3.8"',
  },
  'project-name-missing': {
    why: 'Without `name`, the project is named after the directory it is started from: two checkouts of the same files create two projects, with their own networks and volumes (and a database that seems to have lost its data).',
    bad: BARE_WEB,
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
    `,
    good: yaml`
      services:
        web:
          image: nginx:1.27.2
          ports:
            - "127.0.0.1:8080:80"
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
} satisfies Partial<Record<RuleId, RuleDoc>>;
