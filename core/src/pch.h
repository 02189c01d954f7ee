// Precompiled header of musecore: Torch costs ~20 s of parsing per translation unit without it.
#pragma once
#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>
