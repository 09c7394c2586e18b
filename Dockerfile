# syntax=docker/dockerfile:1
# One image per architecture, both from this file:
#   docker build -t convnet-service .                                   (the builder's own architecture)
#   docker buildx build --platform linux/amd64,linux/arm64 -t convnet-service .
#
# Build stage: runs on the builder's platform and cross-builds for TARGETARCH. The platform profiles in pom.xml
# activate by the OS and architecture Maven's JVM reports, so reporting the target's architecture picks its ND4J
# binaries (on amd64 the AVX-512, AVX2 and generic oneDNN builds; the service loads the fastest the CPU can run).
FROM --platform=$BUILDPLATFORM maven:3.9-eclipse-temurin-17 AS build
ARG TARGETARCH
WORKDIR /src
COPY pom.xml mvnw ./
COPY .mvn .mvn
COPY src src
RUN case "${TARGETARCH:-amd64}" in \
        amd64) jvm_arch=amd64 ;; \
        arm64) jvm_arch=aarch64 ;; \
        *) echo "TARGETARCH=${TARGETARCH}: the image is built for amd64 and arm64" >&2; exit 1 ;; \
    esac \
    && MAVEN_OPTS="-Dos.arch=${jvm_arch}" ./mvnw --batch-mode package -DskipTests \
    && cp target/convnet-service-*.jar /app.jar

# Runtime stage: a JRE for the target architecture, the fat jar and a writable data directory, as a non-root user.
FROM eclipse-temurin:17-jre
# libgomp1: ND4J's arm64 build links the system's OpenMP runtime (its x86-64 builds carry their own copy).
RUN apt-get update && apt-get install -y --no-install-recommends libgomp1 && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /var/lib/convnet convnet \
    && mkdir -p /var/lib/convnet && chown convnet /var/lib/convnet
COPY --from=build /app.jar /opt/convnet/app.jar
USER convnet
WORKDIR /var/lib/convnet
ENV CONVNET_DATA_DIR=/var/lib/convnet \
    # Heap and ND4J's off-heap memory share the container: cap both (JavaCPP counts off-heap bytes).
    # Short G1 pauses: prediction tail latency (docs/BENCHMARKS.md, "Why the pauses were long, and the fix").
    JAVA_TOOL_OPTIONS="-XX:MaxGCPauseMillis=5 -XX:+UnlockExperimentalVMOptions -XX:G1NewSizePercent=1 -XX:MaxRAMPercentage=35 -Dorg.bytedeco.javacpp.maxbytes=45% -Dorg.bytedeco.javacpp.maxphysicalbytes=80%"
EXPOSE 8080
# curl is in the base image; sh there is dash, so no bash-only /dev/tcp. PackagedJarIT runs this exact line.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
    CMD curl -fsS -o /dev/null "http://127.0.0.1:${SERVER_PORT:-8080}/actuator/health/liveness" || exit 1
ENTRYPOINT ["java", "-jar", "/opt/convnet/app.jar"]
