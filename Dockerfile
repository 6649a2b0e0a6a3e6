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
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/app/crd-service.jsa", "-XX:MaxRAMPercentage=75", "-jar", "/app/crd-service.jar"]
