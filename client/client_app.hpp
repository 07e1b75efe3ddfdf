// The event loop of `dealer`: polls stdin, the server's socket and the
// signal pipe, wakes the transport's timers, and carries events between
// the line input, the transport and the session controller.
#pragma once

#include "client/command_line.hpp"

namespace dealer::client {

/// Runs the client as the command line says; returns the exit status.
int run_client(const ClientOptions& options);

}  // namespace dealer::client
