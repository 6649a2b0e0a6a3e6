package org.payercrd.hooks;

/**
 * Where a card's guidance comes from.
 *
 * @param label shown to the clinician: the payer's name
 * @param url   where the clinician can read more about the source (the policy)
 * @param topic the CRD card type, a coding from the CRD card-type value set
 */
public record Source(String label, String url, String icon, CdsCoding topic) {}
