#include "bench/stats.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace mxc::bench {

latency summarize(std::vector<double> samples_ms) {
    latency out;
    out.samples = samples_ms.size();
    if (samples_ms.empty()) return out;
    std::sort(samples_ms.begin(), samples_ms.end());
    auto rank = [&](double p) {
        const auto k =
            static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(samples_ms.size())));
        return samples_ms[std::clamp<std::size_t>(k, 1, samples_ms.size()) - 1];
    };
    out.p50_ms = rank(50);
    out.p95_ms = rank(95);
    out.p99_ms = rank(99);
    out.max_ms = samples_ms.back();
    out.mean_ms = std::accumulate(samples_ms.begin(), samples_ms.end(), 0.0) /
                  static_cast<double>(out.samples);
    return out;
}

}  // namespace mxc::bench
