package org.payercrd.hooks;

import org.payercrd.CrdProperties.HookService;
import org.payercrd.review.OrderReview;
import org.payercrd.review.ServiceDirectory;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The CDS Hooks 2.0 endpoints: discovery and service calls. */
@RestController
@RequestMapping(path = "/cds-services", produces = MediaType.APPLICATION_JSON_VALUE)
public class CdsServicesController {

    private final ServiceDirectory directory;
    private final HookRequestReader requestReader;
    private final OrderReview orderReview;

    public CdsServicesController(ServiceDirectory directory, HookRequestReader requestReader, OrderReview orderReview) {
        this.directory = directory;
        this.requestReader = requestReader;
        this.orderReview = orderReview;
    }

    @GetMapping
    public CdsServices discovery() {
        return directory.discovery();
    }

    @PostMapping(path = "/{serviceId}", consumes = {MediaType.APPLICATION_JSON_VALUE, "application/*+json"})
    public CdsServiceResponse call(@PathVariable String serviceId, @RequestBody CdsServiceRequest request) {
        HookService service = directory.find(serviceId);
        HookContext context = requestReader.read(service.hook(), request);
        return orderReview.review(service, context, request);
    }
}
