package dev.faultline.policy;

/** A plug-in policy broke the rules (threw, chose a frame not offered, did not return): one sentence, exit 2. */
public final class PolicyFailure extends RuntimeException {
    public PolicyFailure(String message) {
        super(message, null, false, false);
    }
}
