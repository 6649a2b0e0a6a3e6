package org.payercrd.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.springframework.boot.web.servlet.error.ErrorAttributes;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.ServletWebRequest;

/**
 * What Spring forwards to {@code /error} (an exception a filter raised, a {@code sendError}, a body Tomcat failed to
 * read), answered as an OperationOutcome by {@link ErrorHandler} in place of Boot's {@code BasicErrorController} and
 * its own error JSON. Boot backs off its controller when an {@link ErrorController} bean exists. {@code /error}
 * called directly is no endpoint: 404, where Boot answered 500 with {@code "status": 999}.
 * Hidden from the OpenAPI description: it is no endpoint a client calls.
 */
@Hidden
@RestController
class ErrorPageController implements ErrorController {

    private final ErrorHandler errors;
    private final ErrorAttributes errorAttributes;

    ErrorPageController(ErrorHandler errors, ErrorAttributes errorAttributes) {
        this.errors = errors;
        this.errorAttributes = errorAttributes;
    }

    @RequestMapping("${server.error.path:${error.path:/error}}")
    ResponseEntity<OperationOutcome> error(HttpServletRequest request) {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (!(status instanceof Integer code)) {
            return errors.noSuchPath(request.getRequestURI());
        }
        // Boot's DefaultErrorAttributes keeps what Spring MVC resolved; the servlet attribute what a filter threw.
        Throwable thrown = errorAttributes.getError(new ServletWebRequest(request));
        return errors.forwarded(code, thrown, (String) request.getAttribute(RequestDispatcher.ERROR_MESSAGE), (String)
                request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI));
    }
}
