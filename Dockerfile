# syntax=docker/dockerfile:1
# The CRD service image: built with Maven, run on a JRE as an unprivileged user.

# --- build: package (tests run in CI, not here), then unpack the jar into a class-path layout (faster start, CDS)
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
COPY fhir-resources fhir-resources
RUN mvn -B -q package -Dmaven.test.skip=true \
 && java -Djarmode=tools -jar target/crd-service-*.jar extract --destination /app \
 && mv /app/crd-service-*.jar /app/crd-service.jar

# --- run
FROM eclipse-temurin:17-jre
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app crd
WORKDIR /app
COPY --from=build /app/lib lib
COPY --from=build /app/crd-service.jar crd-service.jar
# Class data sharing: a training start records the classes loaded up to the end of start-up (policies compiled),
# and a static archive of them cuts about a quarter of start-up CPU. Lambda proxies are left out: archiving them
# crashes JDK 17's dump. The training start writes nothing the image keeps but the archive.
RUN java -XX:DumpLoadedClassList=/tmp/classes.lst -Dspring.context.exit=onRefresh -jar /app/crd-service.jar \
 && grep -v '^@lambda' /tmp/classes.lst > /tmp/classes-no-lambda.lst \
 && java -Xshare:dump -XX:SharedClassListFile=/tmp/classes-no-lambda.lst -XX:SharedArchiveFile=/app/crd-service.jsa \
        -jar /app/crd-service.jar \
 && rm -rf /tmp/classes*.lst /app/data \
 && mkdir /app/data && chown crd /app/data
USER crd
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=40s --retries=6 \
    CMD curl -fsS -o /dev/null http://localhost:8080/actuator/health/readiness || exit 1
# The archive is used only with the class path it was dumped with: keep "-jar /app/crd-service.jar" as above.
# Memory, sized for a container limit of 1 GiB (deploy/kubernetes/base/deployment.yaml); the JVM reads the limit from
# the cgroup. Measured with -XX:NativeMemoryTracking after start-up and 300 order-sign calls (docs/scaling.md): live
# heap 170 MB after a full GC (docs/benchmarks.md: 169 to 177 MB), metaspace 102 MB, code cache 36 MB, GC structures
# 59 MB, symbols 22 MB, class data sharing 12 MB, thread stacks 4 MB for 40 threads (Tomcat may run 200: about 50 MB).
# - heap: half the limit, 512 MiB, three times the live heap: G1's young collections have room, and the other half
#   covers what is outside the heap. 75 % (768 MiB) left 256 MiB for about 250 MB measured outside it: a pod that
#   filled its heap would be OOM-killed by the kernel instead of collecting.
# - metaspace 160 MiB, code cache 96 MiB, direct buffers 32 MiB (Tomcat and the JDBC driver use heap buffers; NIO keeps
#   a few small direct ones per thread): capped, so that a leak fails as an OutOfMemoryError the log names, not as a kill.
# 512 + 160 + 96 + 32 MiB of caps + about 160 MiB for GC, symbols, CDS and 200 threads = 960 MiB, under the 1 GiB limit.
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/app/crd-service.jsa", "-XX:MaxRAMPercentage=50", "-XX:MaxMetaspaceSize=160m", \
            "-XX:ReservedCodeCacheSize=96m", "-XX:MaxDirectMemorySize=32m", "-jar", "/app/crd-service.jar"]
