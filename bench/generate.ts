/** A generated project: N services over three files (base, override, prod), realistic keys. */
export function generatedProject(n: number): Record<string, string> {
  let base = 'name: big\nservices:\n';
  let override = 'services:\n';
  let prod = 'services:\n';
  for (let i = 0; i < n; i++) {
    base += `  svc${i}:
    image: registry.example.com/team/svc${i}:1.${i % 10}.0
    ports:
      - "${10000 + 2 * i}-${10001 + 2 * i}:8080"
    environment:
      LOG_LEVEL: info
      DATABASE_URL: postgres://app:\${DB_PASSWORD:-secret}@db:5432/svc${i}
${
  i + 1 < n
    ? `    depends_on:
      - svc${i + 1}
`
    : ''
}    healthcheck:
      test: ["CMD", "wget", "-qO-", "http://localhost:8080/healthz"]
      interval: 30s
    volumes:
      - data${i % 20}:/var/lib/data
    networks: [backend]
`;
    override += `  svc${i}:
    command: npm run dev
    volumes:
      - ./svc${i}:/app
    environment:
      - DEBUG=true
`;
    prod += `  svc${i}:
    deploy:
      replicas: 2
      resources:
        limits: {memory: 512M, cpus: "0.5"}
    read_only: true
`;
  }
  base += 'networks:\n  backend: {}\nvolumes:\n';
  for (let v = 0; v < 20; v++) base += `  data${v}: {}\n`;
  return { 'compose.yaml': base, 'compose.override.yaml': override, 'compose.prod.yaml': prod };
}
