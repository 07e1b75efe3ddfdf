#include "daemon/admission.hpp"

namespace dealer {

Admission::Ticket& Admission::Ticket::operator=(Ticket&& other) noexcept {
    if (this != &other) {
        release();
        owner_ = std::move(other.owner_);
        address_ = std::move(other.address_);
        other.owner_.reset();
    }
    return *this;
}

void Admission::Ticket::release() noexcept {
    if (owner_) {
        owner_->release(address_);
        owner_.reset();
    }
}

// The caps first: a newcomer refused by them takes nothing from its
// address's rate.
Admission::Ticket Admission::admit(const std::string& address, Refusal* why, RateLimit::Clock::duration* wait) {
    std::lock_guard lock(mutex_);
    Refusal refusal = Refusal::none;
    if (total_ >= max_total_) {
        refusal = Refusal::total;
    } else if (auto it = per_address_.find(address); it != per_address_.end() && it->second >= max_per_address_) {
        refusal = Refusal::per_address;
    } else if (rate_.limits() && !recent_.take(address, RateLimit::Clock::now(), rate_, wait)) {
        refusal = Refusal::rate;
    }
    if (why != nullptr) *why = refusal;
    if (refusal != Refusal::none) return {};
    ++total_;
    ++per_address_[address];
    return Ticket(shared_from_this(), address);
}

void Admission::set_rate(RateSpec rate) {
    std::lock_guard lock(mutex_);
    rate_ = rate;
    if (!rate_.limits()) recent_.clear();
}

std::size_t Admission::rate_entries() const {
    std::lock_guard lock(mutex_);
    return recent_.size();
}

void Admission::set_limits(std::size_t max_total, std::size_t max_per_address) {
    std::lock_guard lock(mutex_);
    max_total_ = max_total;
    max_per_address_ = max_per_address;
}

protocol::Reply refusal_error(Admission::Refusal why, RateLimit::Clock::duration wait) {
    switch (why) {
        case Admission::Refusal::rate: {
            const std::uint64_t seconds = retry_after_seconds(wait);
            return protocol::make_rate_limited(
                "too many new sessions from your address; try again in " + std::to_string(seconds) + " s", seconds);
        }
        case Admission::Refusal::total:
            return protocol::make_error(protocol::ErrorCode::server_busy, "the server is full; try again later");
        case Admission::Refusal::per_address:
        case Admission::Refusal::none:
            break;
    }
    return protocol::make_error(protocol::ErrorCode::server_busy, "too many sessions from your address");
}

std::string_view refusal_reason(Admission::Refusal why) noexcept {
    switch (why) {
        case Admission::Refusal::total: return "max_sessions reached";
        case Admission::Refusal::per_address: return "max_sessions_per_ip reached";
        case Admission::Refusal::rate: return "new sessions from this address come too fast";
        case Admission::Refusal::none: break;
    }
    return "admitted";
}

std::size_t Admission::active() const {
    std::lock_guard lock(mutex_);
    return total_;
}

void Admission::release(const std::string& address) noexcept {
    std::lock_guard lock(mutex_);
    --total_;
    if (auto it = per_address_.find(address); it != per_address_.end() && --it->second == 0) per_address_.erase(it);
}

}  // namespace dealer
