package org.payercrd.hooks;

/**
 * A card link. {@code type} is {@code absolute} for a plain web page (never with {@code appContext}) or
 * {@code smart} for a SMART app launch.
 */
public record Link(String label, String url, String type, String appContext) {

    public static Link absolute(String label, String url) {
        return new Link(label, url, "absolute", null);
    }
}
