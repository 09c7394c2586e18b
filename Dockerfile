# syntax=docker/dockerfile:1
# Build stage: the same Maven build as on a developer machine (.mvn/maven.config picks the native platform).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml mvnw ./
COPY .mvn .mvn
COPY src src
RUN ./mvnw --batch-mode package -DskipTests && cp target/convnet-service-*.jar /app.jar

# Runtime stage: a JRE, the fat jar and a writable data directory.
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /var/lib/convnet convnet \
    && mkdir -p /var/lib/convnet && chown convnet /var/lib/convnet
COPY --from=build /app.jar /opt/convnet/app.jar
USER convnet
WORKDIR /var/lib/convnet
ENV CONVNET_DATA_DIR=/var/lib/convnet \
    # Heap and ND4J's off-heap memory share the container: cap both (JavaCPP counts off-heap bytes).
    # Short G1 pauses: prediction tail latency (docs/BENCHMARKS.md, "Why the pauses were long, and the fix").
    JAVA_TOOL_OPTIONS="-XX:MaxGCPauseMillis=5 -XX:+UnlockExperimentalVMOptions -XX:G1NewSizePercent=1 -XX:MaxRAMPercentage=35 -Dorg.bytedeco.javacpp.maxbytes=45% -Dorg.bytedeco.javacpp.maxphysicalbytes=80%"
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
    CMD ["sh", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /actuator/health/liveness HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q UP <&3"]
ENTRYPOINT ["java", "-jar", "/opt/convnet/app.jar"]
