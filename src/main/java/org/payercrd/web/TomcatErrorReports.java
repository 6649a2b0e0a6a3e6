package org.payercrd.web;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.apache.tomcat.util.ExceptionUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * What Tomcat answers itself, before any servlet or filter runs: a request line or header over
 * {@code server.max-http-request-header-size} (a 10,000-character service id), an unparsable request line, a
 * control character in a header, an invalid {@code Host}, a {@code %00} in the path. Tomcat's host answers those
 * through its {@link ErrorReportValve}, an HTML page; this customizer puts in its place a valve whose report is an
 * OperationOutcome from {@link ErrorHandler}. Boot offers no property for that body ({@code server.error.*} reaches
 * only what Spring forwards to {@code /error}, and with {@code include-stacktrace: never} Boot adds its own
 * {@link ErrorReportValve} to the host), hence the replacement of every error report valve on the host.
 */
@Component
class TomcatErrorReports implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    private final ErrorHandler errors;

    TomcatErrorReports(ErrorHandler errors) {
        this.errors = errors;
    }

    /** After Boot's own customizers, so that the valve Boot adds is there to be replaced. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
            StandardHost host = (StandardHost) context.getParent();
            for (Valve valve : host.getPipeline().getValves()) {
                if (valve instanceof ErrorReportValve) {
                    host.getPipeline().removeValve(valve);
                }
            }
            // The host adds a valve of this class when it starts unless the pipeline holds one already.
            host.setErrorReportValveClass(OperationOutcomeReportValve.class.getName());
            host.getPipeline().addValve(new OperationOutcomeReportValve(errors));
        });
    }

    /** Tomcat's error report, as an OperationOutcome; the checks before writing are those of its own valve. */
    static final class OperationOutcomeReportValve extends ErrorReportValve {

        private static final Logger log = LoggerFactory.getLogger(OperationOutcomeReportValve.class);

        private final ErrorHandler errors;

        OperationOutcomeReportValve(ErrorHandler errors) {
            this.errors = errors;
            setShowReport(false);
            setShowServerInfo(false);
        }

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int code = response.getStatus();
            if (code < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            // An error that stops all I/O (the client is gone): no one would read a report.
            AtomicBoolean ioAllowed = new AtomicBoolean(true);
            response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
            if (!ioAllowed.get()) {
                return;
            }
            HttpStatus status = HttpStatus.resolve(code);
            if (status == null) {
                status = code < 500 ? HttpStatus.BAD_REQUEST : HttpStatus.INTERNAL_SERVER_ERROR;
            }
            String detail = response.getMessage();
            if ((detail == null || detail.isBlank()) && throwable != null && status.is4xxClientError()) {
                detail = throwable.getMessage();
            }
            String problem = status.is5xxServerError()
                    ? "The service failed to process this request; the error has been logged"
                    : ErrorHandler.refusal(status, detail, request.getRequestURI());
            if (status.is5xxServerError() && throwable != null) {
                log.error("Tomcat reported an error answering a request", throwable);
            }
            try {
                response.setContentType(
                        ErrorHandler.mediaTypeFor(accept(request)).toString());
                response.setCharacterEncoding(StandardCharsets.UTF_8.name());
                Writer writer = response.getReporter();
                if (writer != null) {
                    writer.write(errors.body(ErrorHandler.issueType(status), problem));
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // The connection failed while writing the report: nothing more can be said to this client.
                log.debug("Could not write an error report: {}", e.toString());
            } catch (Throwable t) {
                ExceptionUtils.handleThrowable(t);
            }
        }

        /** Headers may not have been parsed (a bad request line); a value that is not printable is ignored. */
        private static String accept(Request request) {
            try {
                String accept = request.getHeader(HttpHeaders.ACCEPT);
                return accept == null || accept.chars().allMatch(c -> c >= 0x20 && c < 0x7f) ? accept : null;
            } catch (RuntimeException e) {
                return null;
            }
        }
    }
}
