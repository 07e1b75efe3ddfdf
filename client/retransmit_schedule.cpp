#include "client/retransmit_schedule.hpp"

#include <algorithm>

namespace dealer::client {

void RetransmitSchedule::start(Clock::time_point now) noexcept {
    active_ = true;
    sends_ = 1;
    started_ = now;
    next_send_ = now + wait_after(1);
}

RetransmitSchedule::Clock::time_point RetransmitSchedule::next_wakeup() const noexcept {
    return std::min(next_send_, started_ + settings_.deadline);
}

RetransmitSchedule::Action RetransmitSchedule::on_timer(Clock::time_point now) noexcept {
    if (!active_) return Action::wait;
    if (now >= started_ + settings_.deadline) {
        active_ = false;
        return Action::give_up;
    }
    if (now < next_send_) return Action::wait;
    ++sends_;
    next_send_ = now + wait_after(sends_);
    return Action::resend;
}

// Doubling stops at cap; the shift is bounded so a long deadline with a
// tiny initial wait cannot overflow.
RetransmitSchedule::Duration RetransmitSchedule::wait_after(std::size_t n) const noexcept {
    Duration wait = settings_.initial;
    for (std::size_t i = 1; i < n && wait < settings_.cap; ++i) wait *= 2;
    return std::max(Duration(1), std::min(wait, settings_.cap));
}

}  // namespace dealer::client
