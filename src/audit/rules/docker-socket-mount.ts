import type { Rule } from '../types.js';
import { services, mounts, cleanPath, truthy } from '../model.js';

/** A host path that is, or contains, a container engine's API socket. */
export function isEngineSocket(source: string): boolean {
  const p = cleanPath(source);
  return (
    ['/var/run', '/run'].includes(p) ||
    /(^|\/)(docker|containerd|podman|crio|cri-dockerd)\.sock$/.test(p) ||
    /docker_engine$/i.test(p)
  );
}

const rule: Rule = {
  meta: {
    id: 'docker-socket-mount',
    title: 'Docker socket mounted',
    severity: 'error',
    category: 'filesystem',
    environments: 'all',
    references: {
      cis: '5.31',
      kics: ['docker_socket_mounted_in_container'],
      semgrep: 'exposing-docker-socket-volume',
      cwe: 'CWE-250',
    },
    description:
      'Access to the Docker API socket is root on the host, read-only mount or not: the API can start a privileged container that mounts `/`.',
    fix: 'remove it; if the service needs the API, put a socket proxy with a read-only allow-list in between',
  },
  check({ model }, report) {
    for (const [name, svc] of services(model)) {
      for (const m of mounts(svc))
        if ((m.type === 'bind' || m.type === 'npipe') && m.source && isEngineSocket(m.source))
          report({
            path: ['services', name, 'volumes', m.index],
            message: `service "${name}" mounts ${/sock$|docker_engine$/i.test(m.source) ? 'the container engine socket' : 'a directory holding the Docker socket'} ${m.source}${m.readOnly ? ' (read-only does not limit the API)' : ''}`,
            fix: {
              description:
                'remove the mount; use a socket proxy (e.g. tecnativa/docker-socket-proxy) with only the API calls needed',
            },
          });
      if (truthy(svc.use_api_socket))
        report({
          path: ['services', name, 'use_api_socket'],
          message: `service "${name}" gets the engine API socket and the user's registry credentials (use_api_socket)`,
        });
    }
  },
};
export default rule;
