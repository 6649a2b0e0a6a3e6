package org.payercrd.security;

import io.micrometer.core.instrument.MeterRegistry;
import java.sql.DatabaseMetaData;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.payercrd.CrdProperties;
import org.payercrd.CrdProperties.Auth;
import org.payercrd.CrdProperties.ReplayStoreKind;
import org.payercrd.fhir.FhirJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * Who may call: with {@code crd.auth.required=true} every call but discovery (unless
 * {@code crd.auth.discovery-required}), health and CORS preflights needs a token from a trusted EHR. The service
 * keeps no session and sets no cookie, so there is no CSRF to defend against and CORS never shares credentials.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    // Token timestamps are checked against the real time, never against a clock a test fixed to date assertions.
    private static final Clock TOKEN_CLOCK = Clock.systemUTC();

    // The replay check is on every call's path: a database slower than this leaves the decision to the local cache.
    private static final Duration REPLAY_STATEMENT_TIMEOUT = Duration.ofSeconds(1);

    @Bean
    TrustedIssuers trustedIssuers(CrdProperties properties) {
        return new TrustedIssuers(properties.auth(), TOKEN_CLOCK);
    }

    /**
     * The used {@code jti}s: in memory, or also in the table every instance on the database shares. Whether other
     * instances exist cannot be seen from here, so PostgreSQL (the audit store of a deployment) defaults to the table
     * and H2 (one process by construction) to memory; an explicit {@code crd.auth.replay-store} wins.
     */
    @Bean
    ReplayStore replayStore(CrdProperties properties, DataSource dataSource, MeterRegistry meters) {
        ReplayStoreKind kind = properties.auth().replayStore();
        if (kind == null) {
            kind = "PostgreSQL".equals(databaseProduct(dataSource)) ? ReplayStoreKind.DATABASE : ReplayStoreKind.MEMORY;
        }
        JtiReplayCache local = new JtiReplayCache(TOKEN_CLOCK);
        if (kind == ReplayStoreKind.MEMORY) {
            log.info("crd.auth.replay-store=memory: used token ids are known to this instance only; a cluster must set "
                    + "crd.auth.replay-store=database");
            return local;
        }
        log.info("crd.auth.replay-store=database: used token ids are shared through the used_token_id table");
        return new SharedReplayStore(dataSource, REPLAY_STATEMENT_TIMEOUT, local, TOKEN_CLOCK, meters);
    }

    @Bean
    EhrTokenVerifier ehrTokenVerifier(TrustedIssuers issuers, ReplayStore replayStore, CrdProperties properties) {
        return new EhrTokenVerifier(issuers, replayStore, properties.auth().clockSkew());
    }

    private static String databaseProduct(DataSource dataSource) {
        try {
            return JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
        } catch (MetaDataAccessException e) {
            throw new IllegalStateException("Cannot tell which database the audit store is", e);
        }
    }

    @Bean
    EhrAuthenticationManagerResolver ehrAuthenticationManagerResolver(
            EhrTokenVerifier verifier, CrdProperties properties) {
        return new EhrAuthenticationManagerResolver(
                verifier, new EndpointAudience(properties.auth().publicBaseUrl()));
    }

    @Bean
    SecurityFilterChain securityFilterChain(
            HttpSecurity http,
            CrdProperties properties,
            EhrAuthenticationManagerResolver resolver,
            FhirJson fhirJson,
            @Qualifier("corsConfigurationSource") CorsConfigurationSource corsSource)
            throws Exception {
        // Spring's CORS filter, but a refusal is an OperationOutcome rather than its text "Invalid CORS request".
        CorsFilter cors = new CorsFilter(corsSource);
        cors.setCorsProcessor(new RefusedCorsProcessor(fhirJson));
        Auth auth = properties.auth();
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .cors(AbstractHttpConfigurer::disable)
                .addFilter(cors);
        if (!auth.required()) {
            log.warn("crd.auth.required=false: CDS Hooks calls are NOT authenticated. Set crd.auth.required=true and "
                    + "list the EHRs in crd.auth.trusted-issuers before this service answers real EHRs.");
            http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll());
            return http.build();
        }
        RefusedCallEntryPoint entryPoint = new RefusedCallEntryPoint(fhirJson);
        http.authorizeHttpRequests(requests -> {
                    requests.requestMatchers(HttpMethod.OPTIONS, "/**")
                            .permitAll()
                            .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info", "/error")
                            .permitAll()
                            // The API's description is as public as discovery; metrics carry no PHI, and a production
                            // deployment serves them on a management port only the monitoring network reaches.
                            .requestMatchers(
                                    "/v3/api-docs",
                                    "/v3/api-docs/**",
                                    "/swagger-ui.html",
                                    "/swagger-ui/**",
                                    "/actuator/prometheus")
                            .permitAll();
                    if (properties.consoleEnabled()) {
                        // Only when crd.console.enabled=true is set explicitly: the pages are static and hold demo
                        // data;
                        // every call they make (/cds-services, /api/...) still needs a token.
                        requests.requestMatchers(HttpMethod.GET, "/", "/console", "/console/**")
                                .permitAll();
                    }
                    if (!auth.discoveryRequired()) {
                        requests.requestMatchers(HttpMethod.GET, "/cds-services")
                                .permitAll();
                    }
                    requests.anyRequest().authenticated();
                })
                .oauth2ResourceServer(
                        server -> server.authenticationManagerResolver(resolver).authenticationEntryPoint(entryPoint))
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(entryPoint));
        log.info(
                "crd.auth.required=true: calls need a JWT from one of {} trusted issuer(s)",
                auth.trustedIssuers().size());
        return http.build();
    }

    /** Browser-based EHRs call from their own origin; the token travels in a header, never in a cookie. */
    @Bean
    CorsConfigurationSource corsConfigurationSource(CrdProperties properties) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(properties.cors().allowedOrigins());
        cors.setAllowedMethods(List.of("GET", "POST", "OPTIONS"));
        cors.setAllowedHeaders(List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE, HttpHeaders.ACCEPT));
        cors.setExposedHeaders(List.of(HttpHeaders.WWW_AUTHENTICATE));
        cors.setAllowCredentials(false);
        cors.setMaxAge(Duration.ofHours(1));
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", cors);
        return source;
    }

    /** The issuers' keys are fetched before the first call rather than on it. */
    @EventListener(ApplicationReadyEvent.class)
    void fetchIssuerKeys(ApplicationReadyEvent ready) {
        ready.getApplicationContext().getBean(TrustedIssuers.class).fetchKeys();
    }
}
