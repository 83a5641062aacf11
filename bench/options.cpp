#include "bench/options.hpp"

#include <charconv>
#include <iostream>
#include <stdexcept>

namespace mxc::bench {

namespace {

constexpr const char* usage =
    R"(refserver_bench: throughput and wake-up latency of the embedded reference server

Usage: refserver_bench [--messages N] [--threads N] [--iterations N] [--payload-bytes N] [--json FILE]
       refserver_bench --load [--messages N] [--senders N] [--payload-bytes N] [--mxconform PATH]

  --messages N       messages per send phase (default 20000)
  --threads N        client threads, one keep-alive connection each (default 2)
  --iterations N     send→wake-up round trips in the latency phase (default 500)
  --payload-bytes N  size of each message's content in bytes (default 256)
  --json FILE        also write the figures as JSON to FILE
  --load             the load mode: --messages answered requests from --senders threads to 6
                     devices against `mxconform serve` (a child process), SIGKILLed half-way and
                     restarted; exits 1 unless every 200 was delivered exactly once, in order
  --senders N        sending threads of the load mode (default 8)
  --mxconform PATH   the mxconform the load mode runs (default: the one this build made)
  --help             this text

The server runs in this process on an ephemeral loopback port with a temporary SQLite
database (in $TMPDIR). See bench/README.md for what each figure means.
)";

// Bounds keep a typo from starting a run that never ends.
std::size_t count_flag(const std::string& flag, const std::string& value, std::size_t min,
                       std::size_t max) {
    std::size_t n = 0;
    auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec != std::errc{} || p != value.data() + value.size() || n < min || n > max)
        throw std::invalid_argument(flag + " wants a whole number from " + std::to_string(min) +
                                    " to " + std::to_string(max) + ", not '" + value + "'");
    return n;
}

}  // namespace

std::optional<options> parse_options(const std::vector<std::string>& args) {
    options o;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& flag = args[i];
        if (flag == "--help" || flag == "-h") {
            std::cout << usage;
            return std::nullopt;
        }
        if (flag == "--load") {
            o.load = true;
            continue;
        }
        if (i + 1 >= args.size())
            throw std::invalid_argument("unknown flag or missing value: '" + flag + "'");
        const std::string& value = args[++i];
        if (flag == "--messages")
            o.messages = count_flag(flag, value, 100, 10'000'000);
        else if (flag == "--threads")
            o.threads = count_flag(flag, value, 1, 64);
        else if (flag == "--iterations")
            o.iterations = count_flag(flag, value, 1, 1'000'000);
        else if (flag == "--payload-bytes")
            o.payload_bytes = count_flag(flag, value, 16, 60'000);
        else if (flag == "--senders")
            o.senders = count_flag(flag, value, 1, 64);
        else if (flag == "--mxconform")
            o.mxconform = value;
        else if (flag == "--json")
            o.json_path = value;
        else
            throw std::invalid_argument("unknown flag '" + flag + "' (see --help)");
    }
    return o;
}

}  // namespace mxc::bench
