package org.payercrd.web;

import java.lang.reflect.Type;
import org.payercrd.hooks.CdsServiceRequest;
import org.payercrd.hooks.CdsServiceResponse;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Notes, for {@link HookCallLog}, the hookInstance of each service call as the body is read and the size of the
 * answer as it is written, so that the controller stays about CDS Hooks alone.
 */
@ControllerAdvice(assignableTypes = CdsServicesController.class)
class HookCallCapture extends RequestBodyAdviceAdapter implements ResponseBodyAdvice<Object> {

    static final String HOOK_INSTANCE = HookCallCapture.class.getName() + ".hookInstance";
    static final String RESPONSE = HookCallCapture.class.getName() + ".response";

    @Override
    public boolean supports(
            MethodParameter parameter, Type targetType, Class<? extends HttpMessageConverter<?>> converterType) {
        return CdsServiceRequest.class.equals(targetType);
    }

    @Override
    public Object afterBodyRead(
            Object body,
            HttpInputMessage inputMessage,
            MethodParameter parameter,
            Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        RequestContextHolder.currentRequestAttributes()
                .setAttribute(
                        HOOK_INSTANCE, ((CdsServiceRequest) body).hookInstance(), RequestAttributes.SCOPE_REQUEST);
        return body;
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return CdsServiceResponse.class.equals(returnType.getParameterType());
    }

    @Override
    public Object beforeBodyWrite(
            Object body,
            MethodParameter returnType,
            MediaType contentType,
            Class<? extends HttpMessageConverter<?>> converterType,
            ServerHttpRequest request,
            ServerHttpResponse response) {
        if (body instanceof CdsServiceResponse answer && request instanceof ServletServerHttpRequest servlet) {
            servlet.getServletRequest().setAttribute(RESPONSE, answer);
        }
        return body;
    }
}
