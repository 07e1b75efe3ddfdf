// Unit tests for the UDP retransmission schedule (client/retransmit_schedule.hpp).

#include <doctest/doctest.h>

#include <vector>

#include "client/retransmit_schedule.hpp"

namespace client = dealer::client;
using Schedule = client::RetransmitSchedule;
using std::chrono::milliseconds;

namespace {

// Runs the schedule to its end, waking exactly when it asks; returns the
// times (ms from the start) at which a datagram went out, and when it gave up.
std::vector<long long> send_times(Schedule& schedule, long long& gave_up_at) {
    const Schedule::Clock::time_point t0{};
    schedule.start(t0);
    std::vector<long long> sends = {0};
    for (int i = 0; i < 1000; ++i) {
        const auto now = schedule.next_wakeup();
        const auto action = schedule.on_timer(now);
        const long long at = std::chrono::duration_cast<milliseconds>(now - t0).count();
        if (action == Schedule::Action::resend) sends.push_back(at);
        if (action == Schedule::Action::give_up) {
            gave_up_at = at;
            return sends;
        }
    }
    FAIL("the schedule never gave up");
    return sends;
}

}  // namespace

TEST_CASE("retransmit: the wait doubles from 250 ms up to the cap") {
    const Schedule schedule({milliseconds(250), milliseconds(2000), milliseconds(20000)});
    CHECK(schedule.wait_after(1) == milliseconds(250));
    CHECK(schedule.wait_after(2) == milliseconds(500));
    CHECK(schedule.wait_after(3) == milliseconds(1000));
    CHECK(schedule.wait_after(4) == milliseconds(2000));
    CHECK(schedule.wait_after(5) == milliseconds(2000));
    CHECK(schedule.wait_after(1000) == milliseconds(2000));
}

TEST_CASE("retransmit: sends at 0, 250, 750, 1750, 3750 ms and gives up at the deadline") {
    Schedule schedule({milliseconds(250), milliseconds(2000), milliseconds(5000)});
    long long gave_up_at = -1;
    const auto sends = send_times(schedule, gave_up_at);
    CHECK(sends == std::vector<long long>{0, 250, 750, 1750, 3750});
    CHECK(gave_up_at == 5000);
    CHECK(schedule.sends() == 5);
    CHECK_FALSE(schedule.active());
}

TEST_CASE("retransmit: an answer stops the timer; early wake-ups change nothing") {
    Schedule schedule({milliseconds(100), milliseconds(400), milliseconds(1000)});
    const Schedule::Clock::time_point t0{};
    schedule.start(t0);
    CHECK(schedule.active());
    CHECK(schedule.next_wakeup() == t0 + milliseconds(100));
    CHECK(schedule.on_timer(t0 + milliseconds(50)) == Schedule::Action::wait);
    CHECK(schedule.sends() == 1);
    CHECK(schedule.on_timer(t0 + milliseconds(100)) == Schedule::Action::resend);
    CHECK(schedule.next_wakeup() == t0 + milliseconds(300));
    schedule.stop();
    CHECK_FALSE(schedule.active());
    CHECK(schedule.on_timer(t0 + milliseconds(5000)) == Schedule::Action::wait);
    // A new request starts over.
    schedule.start(t0 + milliseconds(6000));
    CHECK(schedule.sends() == 1);
    CHECK(schedule.next_wakeup() == t0 + milliseconds(6100));
}

TEST_CASE("retransmit: a deadline shorter than the first wait still gives up on time") {
    Schedule schedule({milliseconds(250), milliseconds(2000), milliseconds(100)});
    long long gave_up_at = -1;
    const auto sends = send_times(schedule, gave_up_at);
    CHECK(sends == std::vector<long long>{0});
    CHECK(gave_up_at == 100);
}
