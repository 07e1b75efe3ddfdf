// The executor that one connection, UDP endpoint or listener runs its
// handlers on: never two of them at once, whatever [server] threads says.
#pragma once

#include <asio/any_io_executor.hpp>
#include <asio/io_context.hpp>
#include <asio/strand.hpp>

namespace dealer {

/// An executor of `io` on which no two handlers overlap. With several
/// network threads that takes a strand. With one (`one_network_thread`),
/// the thread that runs `io` already runs every handler one after another,
/// and a strand would only add a queue and two mutex round-trips to each
/// completion, so `io`'s own executor is returned. Either way, code on
/// another thread (a worker, the sweep) reaches the owner only by posting.
inline asio::any_io_executor serial_executor(asio::io_context& io, bool one_network_thread) {
    if (one_network_thread) return io.get_executor();
    return asio::make_strand(io);
}

}  // namespace dealer
