package dev.twistlet.launcher;

import java.util.function.BooleanSupplier;

/**
 * One check that {@code /health/ready} reports by name (see {@link HealthRoutes}). It must
 * answer at once, from what it knows: a check that asks something slow (a database) asks in
 * the background and reports the last answer.
 */
interface HealthCheck {
    /** @return its name in the JSON, e.g. {@code listeners} */
    String name();

    /** @return whether it is up now */
    boolean isUp();

    /**
     * @param name its name
     * @param up   whether it is up
     * @return a check
     */
    static HealthCheck of(String name, BooleanSupplier up) {
        return new HealthCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean isUp() {
                return up.getAsBoolean();
            }
        };
    }
}
