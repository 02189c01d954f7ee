# Third-party libraries of core as interface targets muse_opencv, muse_png, muse_jpeg, muse_json.
# Normally from Debian's packages. With -DMUSE_DEPS_PREFIX=<dir> (Debian debs unpacked with dpkg -x,
# as on the GPU machine, which has no OpenCV or libpng of its own) they are taken from that prefix.
set(MUSE_DEPS_PREFIX "" CACHE PATH "root of dpkg -x'ed Debian packages providing OpenCV core/imgproc, libpng, nlohmann-json")

add_library(muse_opencv INTERFACE)
add_library(muse_png INTERFACE)
add_library(muse_jpeg INTERFACE)
add_library(muse_json INTERFACE)

if(MUSE_DEPS_PREFIX)
  set(MUSE_DEPS_LIBDIRS ${MUSE_DEPS_PREFIX}/usr/lib/x86_64-linux-gnu ${MUSE_DEPS_PREFIX}/usr/lib/x86_64-linux-gnu/blas
      ${MUSE_DEPS_PREFIX}/usr/lib/x86_64-linux-gnu/lapack ${MUSE_DEPS_PREFIX}/usr/lib ${MUSE_DEPS_PREFIX}/lib/x86_64-linux-gnu)
  target_include_directories(muse_opencv SYSTEM INTERFACE ${MUSE_DEPS_PREFIX}/usr/include/opencv4)
  foreach(m core imgproc)
    find_library(MUSE_OPENCV_${m} opencv_${m} PATHS ${MUSE_DEPS_PREFIX}/usr/lib/x86_64-linux-gnu NO_DEFAULT_PATH REQUIRED)
    target_link_libraries(muse_opencv INTERFACE ${MUSE_OPENCV_${m}})
  endforeach()
  find_library(MUSE_PNG_LIB png16 PATHS ${MUSE_DEPS_PREFIX}/usr/lib/x86_64-linux-gnu NO_DEFAULT_PATH REQUIRED)
  target_include_directories(muse_png SYSTEM INTERFACE ${MUSE_DEPS_PREFIX}/usr/include)
  target_link_libraries(muse_png INTERFACE ${MUSE_PNG_LIB})
  target_include_directories(muse_json SYSTEM INTERFACE ${MUSE_DEPS_PREFIX}/usr/include)
  # The prefix's libraries depend on each other (OpenCV → tbb, blas, ...): let the linker and the
  # loader find them there. RPATH rather than RUNPATH, or indirect dependencies are not found.
  string(REPLACE ";" ":" _rl "${MUSE_DEPS_LIBDIRS}")
  target_link_options(muse_opencv INTERFACE "LINKER:-rpath-link,${_rl}" "LINKER:--disable-new-dtags")
  set(CMAKE_BUILD_RPATH ${MUSE_DEPS_LIBDIRS})
else()
  find_package(OpenCV 4 REQUIRED COMPONENTS core imgproc)
  target_include_directories(muse_opencv SYSTEM INTERFACE ${OpenCV_INCLUDE_DIRS})
  target_link_libraries(muse_opencv INTERFACE opencv_core opencv_imgproc)
  find_package(PNG REQUIRED)
  target_link_libraries(muse_png INTERFACE PNG::PNG)
  find_package(nlohmann_json 3 REQUIRED)
  target_link_libraries(muse_json INTERFACE nlohmann_json::nlohmann_json)
endif()
find_package(JPEG REQUIRED)
target_link_libraries(muse_jpeg INTERFACE JPEG::JPEG)
