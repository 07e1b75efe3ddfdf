#include "daemon/logging.hpp"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/sinks/systemd_sink.h>
#include <spdlog/spdlog.h>

namespace dealer {

namespace {

constexpr const char* kPattern = "%Y-%m-%d %H:%M:%S.%e %^%l%$ %v";

void install(std::shared_ptr<spdlog::logger> logger, spdlog::level::level_enum level) {
    logger->set_level(level);
    // Log lines are rare outside debug; flushing each keeps pipes and
    // journald readers current.
    logger->flush_on(spdlog::level::trace);
    spdlog::set_default_logger(std::move(logger));
}

}  // namespace

void init_default_logging() {
    auto logger = spdlog::stderr_color_mt("dealerd");
    logger->set_pattern(kPattern);
    install(std::move(logger), spdlog::level::info);
}

bool apply_logging(const Config& config, std::string& why) {
    std::shared_ptr<spdlog::logger> logger;
    try {
        spdlog::drop("dealerd");
        switch (config.log_sink) {
            case LogSink::stderr_sink:
                logger = spdlog::stderr_color_mt("dealerd");
                logger->set_pattern(kPattern);
                break;
            case LogSink::journal:
                // journald stamps time and level itself.
                logger = std::make_shared<spdlog::logger>("dealerd", std::make_shared<spdlog::sinks::systemd_sink_mt>());
                logger->set_pattern("%v");
                break;
            case LogSink::file:
                logger = spdlog::basic_logger_mt("dealerd", config.log_file);
                logger->set_pattern(kPattern);
                break;
        }
    } catch (const spdlog::spdlog_ex& e) {
        why = e.what();
        init_default_logging();
        return false;
    }
    install(std::move(logger), spdlog::level::from_str(config.log_level));
    return true;
}

}  // namespace dealer
