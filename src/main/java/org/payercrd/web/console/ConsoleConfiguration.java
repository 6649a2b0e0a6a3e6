package org.payercrd.web.console;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.payercrd.CrdProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The console: static pages under {@code /console/} that act as an EHR would, calling the service's real endpoints.
 * Its demo patients are the shipped {@code fhir-resources/demo} seed, served as they are, so the console and the
 * docker-compose demo show the same people. The pages live outside {@code static/} so that nothing serves them
 * unless {@code crd.console.enabled} (by default: while auth is off) says so.
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleConfiguration implements WebMvcConfigurer {

    private final boolean enabled;

    public ConsoleConfiguration(CrdProperties properties) {
        this.enabled = properties.consoleEnabled();
    }

    // No inline script or style and no other origin: a card or policy text that slipped past the page's own
    // escaping still could not run or send anything anywhere.
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        if (!enabled) {
            return;
        }
        registry.addRedirectViewController("/", "/console/");
        registry.addViewController("/console/").setViewName("forward:/console/index.html");
        registry.addRedirectViewController("/console", "/console/");
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        if (!enabled) {
            return;
        }
        registry.addResourceHandler("/console/demo/**").addResourceLocations("classpath:/fhir-resources/demo/");
        registry.addResourceHandler("/console/**").addResourceLocations("classpath:/console/");
    }

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> consoleSecurityHeaders() {
        OncePerRequestFilter filter = new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
                response.setHeader("X-Content-Type-Options", "nosniff");
                response.setHeader("Referrer-Policy", "no-referrer");
                chain.doFilter(request, response);
            }
        };
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(filter);
        registration.addUrlPatterns("/console/*", "/console");
        return registration;
    }
}
