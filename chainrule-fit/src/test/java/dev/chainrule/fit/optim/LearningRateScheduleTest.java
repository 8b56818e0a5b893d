package dev.chainrule.fit.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {
    @Test
    void stepScheduleHalvesEveryTenEpochs() {
        LearningRateSchedule schedule = LearningRateSchedule.step(0.8, 10, 0.5);

        assertEquals(0.8, schedule.rate(0), 1e-15);
        assertEquals(0.8, schedule.rate(9), 1e-15);
        assertEquals(0.4, schedule.rate(10), 1e-15);
        assertEquals(0.1, schedule.rate(35), 1e-15);
    }

    @Test
    void cosineScheduleFallsFromTheRateToTheMinimumThroughTheMidpoint() {
        LearningRateSchedule schedule = LearningRateSchedule.cosine(1.0, 101, 0.01);

        assertEquals(1.0, schedule.rate(0), 1e-15);
        // halfway, cos(pi / 2) = 0: the mean of rate and minimum
        assertEquals(0.505, schedule.rate(50), 1e-12);
        assertEquals(0.01, schedule.rate(100), 1e-15);
        assertEquals(0.01, schedule.rate(500), 1e-15);
    }

    @Test
    void cosineScheduleRejectsAZeroMinimum() {
        assertThrows(IllegalArgumentException.class,
                () -> LearningRateSchedule.cosine(1.0, 10, 0.0));
    }
}
