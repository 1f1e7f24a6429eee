package io.llmgateway.codec.testing;

import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link ResourceLeakDetector} that remembers every leak report so that tests can fail on it.
 * Installed for the whole test JVM by the system property
 * {@code -Dio.netty.customResourceLeakDetector=io.llmgateway.codec.testing.RecordingLeakDetector}
 * (set in the parent pom's surefire/failsafe configuration); {@link LeakDetectionExtension} reads
 * and clears the reports after every test class.
 *
 * <p>Thread-safe: reports arrive from whichever thread allocates after the GC found a leak.
 */
public final class RecordingLeakDetector<T> extends ResourceLeakDetector<T> {

    private static final List<String> REPORTS = new ArrayList<>();

    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
        super(resourceType, samplingInterval, maxActive);
    }

    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval) {
        super(resourceType, samplingInterval);
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
        record("LEAK: " + resourceType + " was not released." + records);
        super.reportTracedLeak(resourceType, records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
        record("LEAK: " + resourceType + " was not released (untraced).");
        super.reportUntracedLeak(resourceType);
    }

    @Override
    protected boolean needReport() {
        return true;
    }

    private static void record(String report) {
        synchronized (REPORTS) {
            REPORTS.add(report);
        }
    }

    /** Returns and forgets the reports collected so far. */
    public static List<String> drainReports() {
        synchronized (REPORTS) {
            List<String> copy = new ArrayList<>(REPORTS);
            REPORTS.clear();
            return copy;
        }
    }
}
