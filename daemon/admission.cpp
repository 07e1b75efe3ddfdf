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

Admission::Ticket Admission::admit(const std::string& address, Refusal* why) {
    std::lock_guard lock(mutex_);
    Refusal refusal = Refusal::none;
    if (total_ >= max_total_) {
        refusal = Refusal::total;
    } else if (auto it = per_address_.find(address); it != per_address_.end() && it->second >= max_per_address_) {
        refusal = Refusal::per_address;
    }
    if (why != nullptr) *why = refusal;
    if (refusal != Refusal::none) return {};
    ++total_;
    ++per_address_[address];
    return Ticket(shared_from_this(), address);
}

void Admission::set_limits(std::size_t max_total, std::size_t max_per_address) {
    std::lock_guard lock(mutex_);
    max_total_ = max_total;
    max_per_address_ = max_per_address;
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
