package org.payercrd.hooks;

import java.util.List;

/** A suggestion: a labelled set of actions the clinician may accept as a whole. */
public record Suggestion(String label, String uuid, Boolean isRecommended, List<Action> actions) {}
