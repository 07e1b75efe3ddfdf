// Deadlines without a timer per connection: StopRegistry::fire_due and the
// DeadlineSweep that runs it.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>

#include <asio.hpp>

#include "daemon/deadline_sweep.hpp"
#include "daemon/server_context.hpp"

namespace {

using namespace std::chrono_literals;
using Clock = dealer::Stoppable::Clock;

// Counts the calls it gets; stop and end_grace are not under test here.
class CountingStoppable : public dealer::Stoppable {
public:
    void stop() override {}
    void end_grace() override {}
    void due() override { ++dues; }
    std::atomic<int> dues{0};
};

}  // namespace

TEST_SUITE("deadline_sweep") {

TEST_CASE("fire_due calls due() once the time asked for has come, and once only") {
    dealer::StopRegistry live;
    auto early = std::make_shared<CountingStoppable>();
    auto late = std::make_shared<CountingStoppable>();
    auto never = std::make_shared<CountingStoppable>();
    live.add(early);
    live.add(late);
    live.add(never);
    const auto t0 = Clock::now();
    early->call_due_at(t0 + 10ms);
    late->call_due_at(t0 + 1h);

    live.fire_due(t0);  // nothing is due yet
    CHECK(early->dues == 0);
    live.fire_due(t0 + 10ms);  // the very time asked for counts
    CHECK(early->dues == 1);
    CHECK(late->dues == 0);
    CHECK(never->dues == 0);
    live.fire_due(t0 + 2h);  // the early request was withdrawn when it fired
    CHECK(early->dues == 1);
    CHECK(late->dues == 1);
    CHECK(never->dues == 0);
}

TEST_CASE("a request replaced or withdrawn before its time is not fired") {
    dealer::StopRegistry live;
    auto s = std::make_shared<CountingStoppable>();
    live.add(s);
    const auto t0 = Clock::now();
    s->call_due_at(t0 + 10ms);
    s->call_due_at(t0 + 1h);  // a later deadline replaces the earlier one
    live.fire_due(t0 + 1s);
    CHECK(s->dues == 0);
    s->cancel_due();
    live.fire_due(t0 + 2h);
    CHECK(s->dues == 0);
    s->call_due_at(t0);  // asked again: fires again
    live.fire_due(t0);
    CHECK(s->dues == 1);
}

TEST_CASE("an item that left the registry or died is not called") {
    dealer::StopRegistry live;
    auto gone = std::make_shared<CountingStoppable>();
    live.add(gone);
    gone->call_due_at(Clock::now());
    live.remove(gone.get());
    live.fire_due(Clock::now() + 1s);
    CHECK(gone->dues == 0);

    auto dead = std::make_shared<CountingStoppable>();
    live.add(dead);
    dead->call_due_at(Clock::now());
    std::weak_ptr<CountingStoppable> watch = dead;
    dead.reset();  // its owner let go; the registry holds it weakly
    live.fire_due(Clock::now() + 1s);
    CHECK(watch.expired());
}

TEST_CASE("the sweep fires deadlines as the io_context runs, and stop() lets run() return") {
    asio::io_context io;
    dealer::StopRegistry live;
    auto s = std::make_shared<CountingStoppable>();
    live.add(s);
    dealer::DeadlineSweep sweep(io.get_executor(), live);
    s->call_due_at(Clock::now() + 50ms);
    sweep.start();
    // Look every 10 ms; once the call came, stop the sweep: run then runs
    // out of work and returns by itself, long before the 10 s cap.
    asio::steady_timer check(io);
    std::function<void()> poll = [&] {
        if (s->dues > 0) {
            sweep.stop();
            return;
        }
        check.expires_after(10ms);
        check.async_wait([&](const asio::error_code&) { poll(); });
    };
    poll();
    io.run_for(10s);
    CHECK(s->dues == 1);
    CHECK(io.stopped());  // out of work, not out of time: a stopped sweep holds none
}

}  // TEST_SUITE
