import { serviceRule } from '../rule.js';
import { truthy } from '../model.js';
import { mounts, cleanPath } from '../volumes.js';
import { ownText } from '../vocabulary.js';

/** A host path that is, or contains, a container engine's API socket. */
export function isEngineSocket(source: string): boolean {
  const p = cleanPath(source);
  return (
    ['/var/run', '/run'].includes(p) ||
    /(^|\/)(docker|containerd|podman|crio|cri-dockerd)\.sock$/.test(p) ||
    /docker_engine$/i.test(p)
  );
}

export default serviceRule(
  {
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
    messages: {
      socket: 'service "{{service}}" mounts the container engine socket {{source}}{{readOnly}}',
      socketDirectory: 'service "{{service}}" mounts a directory holding the Docker socket {{source}}{{readOnly}}',
      apiSocket:
        'service "{{service}}" gets the engine API socket and the user\'s registry credentials (use_api_socket)',
    },
  },
  (svc, _name, report) => {
    for (const m of mounts(svc))
      if ((m.type === 'bind' || m.type === 'npipe') && m.source && isEngineSocket(m.source))
        report({
          path: ['volumes', m.index],
          messageId: /sock$|docker_engine$/i.test(m.source) ? 'socket' : 'socketDirectory',
          data: { source: m.source, readOnly: m.readOnly ? ' (read-only does not limit the API)' : '' },
          fix: {
            description: ownText(
              'remove the mount; use a socket proxy (e.g. tecnativa/docker-socket-proxy) with only the API calls needed',
            ),
          },
        });
    if (truthy(svc.use_api_socket)) report({ path: ['use_api_socket'], messageId: 'apiSocket' });
  },
);
