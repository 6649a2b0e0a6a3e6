package org.payercrd.hooks;

import java.util.List;

/** The discovery document. */
public record CdsServices(List<CdsServiceDescriptor> services) {}
