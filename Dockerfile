# compose-review: the HTTP service by default, the CLI when given a command:
#   docker build -t compose-review:0.1.0 .
#   docker run -p 127.0.0.1:8080:8080 compose-review:0.1.0
#   docker run --rm -v "$PWD:/src" compose-review:0.1.0 audit
# BASE_IMAGE: a Debian image with Node 22 (or later) and npm in /usr/local, and bash (the health check).
ARG BASE_IMAGE=node:22-bookworm-slim

FROM ${BASE_IMAGE} AS build
# Behind a TLS-inspecting proxy: the PEM text of its CA certificate(s), trusted by npm for this stage only.
ARG EXTRA_CA_CERTS=""
WORKDIR /app
COPY package.json package-lock.json ./
RUN if [ -n "$EXTRA_CA_CERTS" ]; then printf '%s\n' "$EXTRA_CA_CERTS" >/tmp/extra-ca.pem; export NODE_EXTRA_CA_CERTS=/tmp/extra-ca.pem; fi \
 && npm ci --no-audit --no-fund --ignore-scripts --loglevel=warn \
 && rm -f /tmp/extra-ca.pem
# the rest of the context: tsconfig.json, src/, schemas/, bin/, scripts/bundle.ts, web/ and the page's examples (.dockerignore lets in nothing else)
COPY . ./
# /out is the whole runtime tree: one COPY (one layer) in the runtime stage
RUN npm run build \
 && npm prune --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=warn \
 && mkdir /out \
 && cp -r package.json node_modules dist schemas bin /out/ \
 && chmod -R a+rX,go-w /out

FROM ${BASE_IMAGE}
ARG VERSION=0.1.0
ARG REVISION=""
ARG CREATED=""
ARG BASE_IMAGE
LABEL org.opencontainers.image.title="compose-review" \
      org.opencontainers.image.description="Validate, merge, diff and audit Docker Compose bundles: HTTP service and CLI" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.base.name="${BASE_IMAGE}"
ENV NODE_ENV=production PORT=8080 HOST=0.0.0.0
# root-owned and read-only for the service's user: it never writes, so `--read-only` needs no tmpfs
COPY --from=build /out /app
# the CLI reads the project mounted here (`-v "$PWD:/src"`)
WORKDIR /src
USER 10001:10001
EXPOSE 8080
# bash's /dev/tcp: a few MB a probe, no wget or curl in the image, no second Node heap
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 CMD ["bash", "/app/bin/healthcheck.sh"]
ENTRYPOINT ["node", "--", "/app/bin/compose-review.js"]
CMD ["serve"]
