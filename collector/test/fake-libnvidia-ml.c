/*
 * A stand-in for libnvidia-ml with the functions the collector calls, declared as NVML's C API
 * documents them (return code int, handles opaque pointers, the documented struct layouts).
 * It answers with the H200 captured for this project (fixtures/nvidia-smi/h200-read-costs.json
 * and the idle nvidia-smi capture), and a second GPU beside it, so that the koffi binding is
 * checked against the layout a C compiler gives. Built by the test:
 *   cc -shared -fPIC -o libfake-nvidia-ml.so fake-libnvidia-ml.c [-DWITHOUT_MEMORY_V2]
 */
#include <stdio.h>
#include <string.h>

typedef struct {
  unsigned int gpu;
  unsigned int memory;
} utilization_t;

typedef struct {
  unsigned long long total;
  unsigned long long free;
  unsigned long long used;
} memory_v1_t;

typedef struct {
  unsigned int version;
  unsigned long long total;
  unsigned long long reserved;
  unsigned long long free;
  unsigned long long used;
} memory_v2_t;

typedef struct {
  char busIdLegacy[16];
  unsigned int domain;
  unsigned int bus;
  unsigned int device;
  unsigned int pciDeviceId;
  unsigned int pciSubSystemId;
  char busId[32];
} pci_info_t;

typedef struct {
  const char *uuid;
  const char *name;
  unsigned int bus, device;
  unsigned int temperature, power_mw, limit_mw, sm_mhz, mem_mhz;
  unsigned long long throttle, energy_mj;
} gpu_t;

enum { SUCCESS = 0, INVALID_ARGUMENT = 2, NOT_SUPPORTED = 3, INSUFFICIENT_SIZE = 7 };
enum { VERSION_MISMATCH = 25, UNINITIALIZED = 1 };

#define MIB (1024ULL * 1024ULL)
#define TOTAL (143771ULL * MIB)
#define RESERVED 644939776ULL

static gpu_t gpus[2] = {
    {"GPU-946656f8-3eaf-f269-4bdd-1fab5a831ef0", "NVIDIA H200", 0, 6, 36, 83667, 700000, 900,
     3201, 0x1ULL, 3831903ULL},
    {"GPU-00000000-0000-0000-0000-000000000001", "NVIDIA H200", 0, 7, 62, 692790, 700000, 1470,
     3201, 0x4ULL | 0x40ULL, 5000000000123ULL},
};
static int initialised = 0;

static gpu_t *gpu_of(void *handle) {
  if (!initialised) return NULL;
  if (handle == &gpus[0] || handle == &gpus[1]) return handle;
  return NULL;
}

#define GPU_OR_FAIL(handle)                       \
  gpu_t *gpu = gpu_of(handle);                    \
  if (!gpu) return initialised ? INVALID_ARGUMENT : UNINITIALIZED;

int nvmlInit_v2(void) { initialised = 1; return SUCCESS; }
int nvmlShutdown(void) { initialised = 0; return SUCCESS; }

const char *nvmlErrorString(int rc) {
  switch (rc) {
    case NOT_SUPPORTED: return "Not Supported";
    case VERSION_MISMATCH: return "Argument Version Mismatch";
    default: return "Unknown Error";
  }
}

int nvmlDeviceGetCount_v2(unsigned int *count) {
  if (!initialised) return UNINITIALIZED;
  *count = 2;
  return SUCCESS;
}

int nvmlDeviceGetHandleByIndex_v2(unsigned int index, void **device) {
  if (index > 1) return INVALID_ARGUMENT;
  *device = &gpus[index];
  return SUCCESS;
}

static int copy_text(const char *text, char *out, unsigned int length) {
  if (strlen(text) + 1 > length) return INSUFFICIENT_SIZE;
  strcpy(out, text);
  return SUCCESS;
}

int nvmlDeviceGetUUID(void *handle, char *uuid, unsigned int length) {
  GPU_OR_FAIL(handle);
  return copy_text(gpu->uuid, uuid, length);
}

int nvmlDeviceGetName(void *handle, char *name, unsigned int length) {
  GPU_OR_FAIL(handle);
  return copy_text(gpu->name, name, length);
}

int nvmlDeviceGetPciInfo_v3(void *handle, pci_info_t *pci) {
  GPU_OR_FAIL(handle);
  memset(pci, 0, sizeof *pci);
  pci->domain = 0;
  pci->bus = gpu->bus;
  pci->device = gpu->device;
  pci->pciDeviceId = 0x233510de;
  snprintf(pci->busIdLegacy, sizeof pci->busIdLegacy, "0000:%02x:%02x.0", gpu->bus, gpu->device);
  snprintf(pci->busId, sizeof pci->busId, "00000000:%02x:%02x.0", gpu->bus, gpu->device);
  return SUCCESS;
}

int nvmlDeviceGetTemperature(void *handle, int sensor, unsigned int *temp) {
  GPU_OR_FAIL(handle);
  if (sensor != 0) return INVALID_ARGUMENT;
  *temp = gpu->temperature;
  return SUCCESS;
}

int nvmlDeviceGetPowerUsage(void *handle, unsigned int *power) {
  GPU_OR_FAIL(handle);
  *power = gpu->power_mw;
  return SUCCESS;
}

int nvmlDeviceGetEnforcedPowerLimit(void *handle, unsigned int *limit) {
  GPU_OR_FAIL(handle);
  *limit = gpu->limit_mw;
  return SUCCESS;
}

int nvmlDeviceGetUtilizationRates(void *handle, utilization_t *utilization) {
  GPU_OR_FAIL(handle);
  utilization->gpu = gpu == &gpus[0] ? 0 : 100;
  utilization->memory = gpu == &gpus[0] ? 0 : 37;
  return SUCCESS;
}

int nvmlDeviceGetMemoryInfo(void *handle, memory_v1_t *memory) {
  GPU_OR_FAIL(handle);
  memory->total = TOTAL;
  memory->used = RESERVED;
  memory->free = TOTAL - RESERVED;
  return SUCCESS;
}

#ifndef WITHOUT_MEMORY_V2
int nvmlDeviceGetMemoryInfo_v2(void *handle, memory_v2_t *memory) {
  GPU_OR_FAIL(handle);
  if (memory->version != (unsigned int)(sizeof(memory_v2_t) | (2u << 24))) return VERSION_MISMATCH;
  memory->total = TOTAL;
  memory->reserved = RESERVED;
  memory->used = gpu == &gpus[0] ? 0 : 1139 * MIB;
  memory->free = TOTAL - RESERVED - memory->used;
  return SUCCESS;
}
#endif

int nvmlDeviceGetFanSpeed(void *handle, unsigned int *speed) {
  GPU_OR_FAIL(handle);
  (void)speed;
  return NOT_SUPPORTED;
}

int nvmlDeviceGetClockInfo(void *handle, int type, unsigned int *clock) {
  GPU_OR_FAIL(handle);
  if (type == 1) *clock = gpu->sm_mhz;
  else if (type == 2) *clock = gpu->mem_mhz;
  else return INVALID_ARGUMENT;
  return SUCCESS;
}

int nvmlDeviceGetCurrentClocksThrottleReasons(void *handle, unsigned long long *reasons) {
  GPU_OR_FAIL(handle);
  *reasons = gpu->throttle;
  return SUCCESS;
}

int nvmlDeviceGetTotalEccErrors(void *handle, int type, int counter, unsigned long long *count) {
  GPU_OR_FAIL(handle);
  if (type != 1 || counter != 0) return INVALID_ARGUMENT;
  *count = gpu == &gpus[0] ? 0 : 2;
  return SUCCESS;
}

int nvmlDeviceGetTotalEnergyConsumption(void *handle, unsigned long long *energy) {
  GPU_OR_FAIL(handle);
  *energy = gpu->energy_mj;
  return SUCCESS;
}

/*
 * Xid events: both GPUs can deliver them (unless built with -DWITHOUT_XID_EVENTS); once they
 * are registered, GPU 1 has two waiting, Xid 79 then Xid 48, and then none.
 */
typedef struct {
  void *device;
  unsigned long long eventType;
  unsigned long long eventData;
  unsigned int gpuInstanceId;
  unsigned int computeInstanceId;
} event_data_t;

enum { TIMEOUT = 10 };
#define XID_CRITICAL_ERROR 0x8ULL
#define SINGLE_BIT_ECC 0x1ULL

static int event_set;
static const unsigned long long waiting_xids[] = {79, 48};
static unsigned int xids_waiting = 0;

int nvmlEventSetCreate(void **set) {
  if (!initialised) return UNINITIALIZED;
  *set = &event_set;
  return SUCCESS;
}

int nvmlDeviceGetSupportedEventTypes(void *handle, unsigned long long *types) {
  GPU_OR_FAIL(handle);
#ifdef WITHOUT_XID_EVENTS
  *types = SINGLE_BIT_ECC;
#else
  *types = SINGLE_BIT_ECC | XID_CRITICAL_ERROR;
#endif
  return SUCCESS;
}

int nvmlDeviceRegisterEvents(void *handle, unsigned long long types, void *set) {
  GPU_OR_FAIL(handle);
  if (set != &event_set || types != XID_CRITICAL_ERROR) return INVALID_ARGUMENT;
  if (gpu == &gpus[1]) xids_waiting = 2;
  return SUCCESS;
}

int nvmlEventSetWait_v2(void *set, event_data_t *data, unsigned int timeoutms) {
  if (set != &event_set || timeoutms != 0) return INVALID_ARGUMENT;
  if (xids_waiting == 0) return TIMEOUT;
  data->device = &gpus[1];
  data->eventType = XID_CRITICAL_ERROR;
  data->eventData = waiting_xids[2 - xids_waiting];
  data->gpuInstanceId = 0xFFFFFFFFu;
  data->computeInstanceId = 0xFFFFFFFFu;
  xids_waiting -= 1;
  return SUCCESS;
}
