# event-pipeline: the batcher and loader for production (`run`, `preflight`, `reconcile`), as the slim
# production jar on a JRE. The all-in-one jar (`local`, `bench`, embedded Kafka, S3 server, PostgreSQL)
# stays out of the image.
#
#   docker build -t event-pipeline .
#   docker run --rm -p 8080:8080 --env-file pipeline.env \
#     -v "$PWD/jolokia.pw:/run/secrets/http-auth-password:ro" event-pipeline          # batcher + loader
#   docker run --rm --env-file pipeline.env \
#     -v "$PWD/jolokia.pw:/run/secrets/http-auth-password:ro" event-pipeline run --role loader   # one role only
#   docker run --rm event-pipeline --help
#
# Environment knobs operators set (see docs/configuration.md for every setting and its default;
# any property `pipeline.a.b-c` can also be given as PIPELINE_A_B_C):
#   PIPELINE_KAFKA_BOOTSTRAP_SERVERS  Kafka bootstrap servers, host:port[,host:port...]
#   PIPELINE_S3_BUCKET                bucket for batches and manifests
#   PIPELINE_S3_ENDPOINT              endpoint override for S3-compatible servers; leave empty for AWS S3
#   PIPELINE_S3_REGION                AWS region, e.g. us-east-1
#   PIPELINE_WAREHOUSE_DIALECT        redshift in production (postgresql is the local stand-in)
#   PIPELINE_WAREHOUSE_JDBC_URL       jdbc:redshift://<cluster-endpoint>:5439/<database>
#   PIPELINE_WAREHOUSE_USER           warehouse user
#   PIPELINE_WAREHOUSE_PASSWORD       SECRET: warehouse password; inject from a secret store, never bake it in
#   PIPELINE_WAREHOUSE_IAM_ROLE       ARN of the IAM role Redshift assumes to COPY from the bucket
#   PIPELINE_SANITIZE_HMAC_KEY        SECRET: key of the HMAC-SHA256 that hashes e.g. `email`; never logged
#   PIPELINE_HTTP_PORT                HTTP port for health, metrics and Jolokia (default 8080, as EXPOSEd)
#   PIPELINE_HTTP_AUTH_PASSWORD_FILE  SECRET (a file): Jolokia's basic auth password for user `operator`
#                                     (PIPELINE_HTTP_AUTH_USER), at least 12 characters; the image expects it at
#                                     /run/secrets/http-auth-password (a Docker or Kubernetes secret). `run` refuses to
#                                     start (exit 2) without it, since the image listens on all interfaces.
#   PIPELINE_HTTP_ALLOWED_HOSTS       host names the HTTP server answers to besides localhost and IP addresses
#   JAVA_TOOL_OPTIONS                 extra JVM flags (GC logging, a truststore, ...). The JVM reads it before
#                                     the ENTRYPOINT's own flags, so those two win for the same option; to
#                                     change them, override the entrypoint.
# S3 credentials come from the AWS default provider chain (IAM role for the service account,
# instance profile, or AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY — the latter a SECRET too).
# Kubernetes probes /observe/health/ready on the HTTP port, so the image has no HEALTHCHECK.
#
# Base images are pinned by tag here; pin them by digest (image@sha256:...) in the release pipeline.

# ---- build: compile and shade the jars ------------------------------------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build

# Dependencies first, in their own layer: it is rebuilt only when pom.xml changes.
COPY pom.xml .
RUN mvn -B -q dependency:go-offline

# go-offline misses a few plugin dependencies that are resolved on first use, so no -o here.
COPY src/ src/
RUN mvn -B -DskipTests package

# ---- runtime: a JRE and the jar, run as an unprivileged user ------------------------------------
FROM eclipse-temurin:17-jre

RUN groupadd --system --gid 10001 pipeline \
 && useradd --system --uid 10001 --gid pipeline --home-dir /app --no-create-home --shell /usr/sbin/nologin pipeline

WORKDIR /app
# Owned by root and read-only for the service user: the process needs no write access to its own jar.
COPY --from=build /build/target/event-pipeline-run.jar /app/event-pipeline-run.jar

# Numeric, so that Kubernetes' runAsNonRoot can verify it.
# Inside a container, loopback is unreachable for Kubernetes probes and Prometheus: listen on all
# interfaces of the pod, with Jolokia behind basic auth whose password comes from a secret file (`run`
# refuses a non-loopback bind without it), plus a NetworkPolicy (health and metrics stay open for probes
# and scrapers, and never show exception text).
ENV PIPELINE_HTTP_HOST=0.0.0.0
ENV PIPELINE_HTTP_AUTH_USER=operator
ENV PIPELINE_HTTP_AUTH_PASSWORD_FILE=/run/secrets/http-auth-password
USER 10001:10001
EXPOSE 8080

# Size the heap from the container's memory limit, and let the orchestrator restart a JVM that ran
# out of memory rather than leave it running half-broken.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/event-pipeline-run.jar"]
CMD ["run"]
