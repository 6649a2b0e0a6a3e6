package org.payercrd.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Service calls ({@code POST /cds-services/{id}}) are logged and timed; discovery is not a hook call. */
@Configuration(proxyBeanMethods = false)
class HookWebConfiguration implements WebMvcConfigurer {

    private final HookCallLog hookCallLog;

    HookWebConfiguration(HookCallLog hookCallLog) {
        this.hookCallLog = hookCallLog;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(hookCallLog).addPathPatterns("/cds-services/*");
    }
}
