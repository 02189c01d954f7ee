#include "transformer/GlobalResponseNorm.h"

namespace muse {

GlobalResponseNormImpl::GlobalResponseNormImpl(int64_t dim)
{
    gamma = register_parameter("gamma", torch::zeros({1, 1, 1, dim}));
    beta = register_parameter("beta", torch::zeros({1, 1, 1, dim}));
}

torch::Tensor GlobalResponseNormImpl::forward(const torch::Tensor& x)
{
    const torch::Tensor gx = torch::linalg_vector_norm(x, 2, std::vector<int64_t>{1, 2}, /*keepdim=*/true, c10::nullopt);
    const torch::Tensor nx = gx / (gx.mean(-1, /*keepdim=*/true) + 1e-6);
    return gamma * (x * nx) + beta + x;
}

} // namespace muse
