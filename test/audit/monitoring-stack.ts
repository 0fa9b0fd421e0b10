import t from 'tap';
import { auditModel } from '../../src/audit/run.js';
import { context, y } from './helpers.js';

// The seed example: a Prometheus/Grafana/cAdvisor/node-exporter stack as people write it.
const compose = y`
  services:
    prometheus:
      image: prom/prometheus:latest
      volumes:
        - ./prometheus:/etc/prometheus
        - prometheus_data:/prometheus
      ports:
        - "9090:9090"
    grafana:
      image: grafana/grafana
      environment:
        - GF_SECURITY_ADMIN_USER=admin
        - GF_SECURITY_ADMIN_PASSWORD=admin
        - GF_USERS_ALLOW_SIGN_UP=false
      ports:
        - "3000:3000"
    cadvisor:
      image: gcr.io/cadvisor/cadvisor:v0.47.0
      privileged: true
      devices:
        - /dev/kmsg:/dev/kmsg
      volumes:
        - /:/rootfs:ro
        - /var/run:/var/run:rw
        - /sys:/sys:ro
        - /var/lib/docker:/var/lib/docker:ro
    nodeexporter:
      image: prom/node-exporter:latest
      volumes:
        - /proc:/host/proc:ro
        - /sys:/host/sys:ro
        - /:/rootfs:ro
    traefik:
      image: traefik:v3.1
      volumes:
        - /var/run/docker.sock:/var/run/docker.sock
  volumes:
    prometheus_data: {}
`;

t.test('monitoring stack: every seeded problem is found', async (t) => {
  const { findings } = auditModel(context(compose));
  const has = (rule: string, line: number, severity?: string) =>
    t.ok(
      findings.some((f) => f.rule === rule && f.line === line && (!severity || f.severity === severity)),
      `${rule} at line ${line}`,
    );
  has('image-unpinned', 3);
  has('image-unpinned', 10);
  has('image-unpinned', 28);
  has('weak-default-password', 13, 'error');
  has('secret-in-environment', 13, 'error');
  has('sensitive-host-mount', 23, 'warning'); // /
  has('docker-socket-mount', 24, 'error'); // /var/run
  has('sensitive-host-mount', 26, 'warning'); // /var/lib/docker
  has('docker-socket-mount', 36, 'error'); // /var/run/docker.sock
  has('privileged', 19, 'error');
  has('host-devices', 21);
  has('port-all-interfaces', 8);
  t.notOk(
    findings.some((f) => f.rule === 'source-bind-mount-in-production'),
    'a config directory under /etc is not source code',
  );
  t.notOk(
    findings.some((f) => f.rule === 'secret-in-environment' && f.line !== 13),
    'ALLOW_SIGN_UP and USER are not secrets',
  );
  t.notOk(
    findings.some((f) => f.rule === 'image-unpinned' && f.line === 18),
    'cadvisor is pinned',
  );
});
