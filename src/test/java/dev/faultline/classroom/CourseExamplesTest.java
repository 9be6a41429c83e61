package dev.faultline.classroom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The sample assignments of examples/course, run as a teacher would: the solution gets full marks, the
 * starter partial marks with feedback, and for the policy assignment clock itself (the starter) does not
 * get the marks for beating clock.
 */
class CourseExamplesTest {
    private static GraderTest.R grade(String assignment, String submission) {
        return GraderTest.run("test", "examples/course/" + assignment + "/cases", "--set",
                "SUBMISSION=examples/course/" + assignment + "/" + submission);
    }

    @Test
    void pagerSolutionGetsFullMarks() {
        GraderTest.R r = grade("pager", "solution");
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().endsWith("score: 12/12 points; 6 of 6 cases passed\n"), r.out());
    }

    @Test
    void pagerStarterGetsPartialMarksAndFeedback() {
        GraderTest.R r = grade("pager", "starter");
        assertEquals(1, r.status(), r.out() + r.err());
        assertTrue(r.out().endsWith("score: 2/12 points; 2 of 6 cases passed\n"), r.out());
        assertTrue(r.out().contains("PASS  boots and turns paging on  (1/1 points)"), r.out());
        assertTrue(r.out().contains("      stdout does not contain \"user1: six pages, each zero on first touch, now hold"
                + " 1..6 (sum 21)\\n\"; it ends with \"pager: killed user2: store_fault at 0x40000100"), r.out());
        assertTrue(r.out().contains("      hint: demand_zero must give the faulting page a fresh frame"), r.out());
    }

    @Test
    void policySolutionBeatsClockForFullMarks() {
        GraderTest.R r = grade("policy", "solution");
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().endsWith("score: 10/10 points; 5 of 5 cases passed\n"), r.out());
    }

    @Test
    void clockItselfGetsOnlyTheCorrectnessMarks() {
        GraderTest.R r = grade("policy", "starter");
        assertEquals(1, r.status(), r.out() + r.err());
        assertTrue(r.out().endsWith("score: 2/10 points; 2 of 5 cases passed\n"), r.out());
        assertTrue(r.out().contains("      statistic major_faults is 148, expected <= 147\n"), r.out());
        assertTrue(r.out().contains("      statistic major_faults is 79, expected <= 78\n"), r.out());
    }
}
