/** The rule pages' content for the images rules (see ./index.ts). */
import type { RuleId } from '../../audit/rules/index.js';
import { BARE_WEB, yaml, type RuleDoc } from './types.js';

export const IMAGES = {
  'image-unpinned': {
    why: '`latest` and other floating tags point at whatever was pushed last: a redeploy, a new host or a pruned cache silently runs different software, and a rollback has nothing to roll back to.',
    bad: yaml`
      services:
        web:
          image: nginx:latest
    `,
    good: BARE_WEB,
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
} satisfies Partial<Record<RuleId, RuleDoc>>;
