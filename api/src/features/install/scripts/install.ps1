# IO Worker node installer for Windows (PowerShell 5.1+, run elevated):
#
#   powershell -NoProfile -ExecutionPolicy Bypass -Command "& ([scriptblock]::Create((irm 'https://API/install.ps1'))) -Api 'https://API' -Token 'iowe_...'"
#
# It finds Node.js >= 24 (or downloads the official Node.js 24 LTS zip for win-x64 from nodejs.org and
# checks it against the release's SHASUMS256.txt), downloads the collector from the API and checks
# its SHA-256, installs koffi beside it with npm (pinned by the API's lock file) so that it reads
# the GPUs through NVML in-process, enrols this machine with the one-time token (config in
# %ProgramData%\io-worker\collector.json, readable by SYSTEM and Administrators only), and runs the
# collector as the Windows service io-worker-collector through WinSW (a pinned release, checked
# against a pinned SHA-256). sc.exe cannot host node.exe as a service (it is not a service
# program: error 1053), hence the wrapper. Running it again (with a new token) re-enrols the
# machine and reinstalls the service.
#
# -Root DIR installs below DIR instead of C:\ (tests, image builds): files are written there, their
# contents name the final paths, and the service steps are only printed ("would run: ...").
# -NoNvml installs no koffi and removes an earlier run's copy: the collector reads nvidia-smi.
#
# The token is a secret until it is spent: it is never printed.
[CmdletBinding()]
param(
  [Parameter(Mandatory)][string]$Api,
  [Parameter(Mandatory)][string]$Token,
  [string]$Root,
  [switch]$NoNvml
)

Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'
# Invoke-WebRequest's progress bar makes downloads many times slower on Windows PowerShell 5.1.
$ProgressPreference = 'SilentlyContinue'
# Windows PowerShell 5.1 may default to TLS 1.0/1.1, which nodejs.org and github.com refuse.
[Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12

# The LTS line it downloads, and the least it picks: older lines are past their end of life or close
# to it, and the collector costs a node more CPU on them (bench/collector.bench.ts).
$NodeMajor = 24
$ServiceId = 'io-worker-collector'
$Bundle = 'io-worker-collector.mjs'
# WinSW 2.12.0 (the current stable line), the self-contained x64 build, from the project's GitHub
# release. The SHA-256 below is the published file's, as pinned independently by other projects'
# installers; it could not be recomputed where this script was written (no network). Never
# replace it with whatever a download happens to hash to: check a new value against a copy
# fetched from https://github.com/winsw/winsw/releases over a trusted connection first.
$WinSWVersion = '2.12.0'
$WinSWUrl = "https://github.com/winsw/winsw/releases/download/v$WinSWVersion/WinSW-x64.exe"
$WinSWSha256 = '05b82d46ad331cc16bdc00de5c6332c1ef818df8ceefcd49c726553209b3a0da'

function Say([string]$Message) { Write-Host "==> $Message" }
function Fail([string]$Message) {
  Write-Host "io-worker install: error: $Message" -ForegroundColor Red
  exit 1
}

if ($Api -notmatch '^https?://[^\s/]+(/\S*)?$') {
  Fail "-Api must be an http(s) URL such as https://api.example.com (got: $Api)"
}
if ($Token -notmatch '^[A-Za-z0-9_-]+$') { Fail '-Token does not look like an enrollment token' }
$Api = $Api.TrimEnd('/')
if (-not $Api.StartsWith('https://')) {
  Write-Warning "$Api is not https: the token and the collector travel in clear text"
}
if ($WinSWSha256 -notmatch '^[0-9a-f]{64}$') {
  Fail 'this installer has no known SHA-256 for WinSW, so it cannot verify it; refusing to go on'
}

if ($Root) {
  if (-not (Test-Path -LiteralPath $Root -PathType Container)) { Fail "-Root $Root is not a directory" }
  $Root = (Resolve-Path -LiteralPath $Root).ProviderPath
} else {
  $principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
  if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) {
    Fail 'run me from an elevated PowerShell (Run as administrator)'
  }
}

# The final path on the installed system, and where this run writes it.
function Under([string]$Path) {
  if ($Root) { return Join-Path $Root ($Path -replace '^[A-Za-z]:', '') }
  return $Path
}
function Invoke-OnSystem([string]$Description, [scriptblock]$Action) {
  if ($Root) { Say "would run: $Description" } else { & $Action }
}

$InstallDir = Join-Path $env:ProgramFiles 'io-worker'
$DataDir = Join-Path $env:ProgramData 'io-worker'
$Config = Join-Path $DataDir 'collector.json'
$BufferDir = Join-Path $DataDir 'buffer'
$LogDir = Join-Path $DataDir 'logs'
$WinSWExe = Join-Path $InstallDir "$ServiceId.exe"
$WinSWXml = Join-Path $InstallDir "$ServiceId.xml"

function Get-Download([string]$Url, [string]$OutFile) {
  try {
    Invoke-WebRequest -Uri $Url -OutFile $OutFile -UseBasicParsing
  } catch {
    Fail "could not download ${Url}: $($_.Exception.Message)"
  }
}

function Assert-Sha256([string]$Path, [string]$Expected, [string]$What) {
  $actual = (Get-FileHash -LiteralPath $Path -Algorithm SHA256).Hash.ToLowerInvariant()
  if ($actual -ne $Expected.ToLowerInvariant()) {
    Fail "$What does not match its SHA-256 (expected $Expected, got $actual); nothing was installed"
  }
}

# Windows PowerShell 5.1 turns a native program's redirected stderr into errors, which 'Stop'
# would make fatal: native programs run under 'Continue' and are judged by their exit code.
function Invoke-Native([scriptblock]$Command) {
  $saved = $ErrorActionPreference
  $ErrorActionPreference = 'Continue'
  try { & $Command } finally { $ErrorActionPreference = $saved }
}

function Get-NodeMajor([string]$Path) {
  try {
    $version = Invoke-Native { & $Path --version 2>$null }
    if ($LASTEXITCODE -eq 0 -and "$version" -match '^v(\d+)\.') { return [int]$Matches[1] }
  } catch {
    # not runnable: not a candidate
  }
  return 0
}

# The npm that came with this Node.js (node_modules\npm beside node.exe), else the one on PATH.
function Find-NpmCli([string]$Node) {
  $dirs = @(Split-Path -Parent $Node)
  $onPath = Get-Command npm.cmd -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
  if ($onPath) { $dirs += Split-Path -Parent $onPath.Path }
  foreach ($dir in $dirs) {
    $cli = Join-Path $dir 'node_modules\npm\bin\npm-cli.js'
    if (Test-Path -LiteralPath $cli) { return $cli }
  }
  return $null
}

# koffi into $Dir\node_modules, from the API's package.json and package-lock.json: its folder, or
# $null after a warning saying why not. npm takes koffi's native module for this machine only and
# refuses any download whose hash is not the lock file's integrity value.
function Install-NvmlReader([string]$Node, [string]$Dir) {
  $npmCli = Find-NpmCli $Node
  if (-not $npmCli) {
    Write-Warning "no npm beside $Node or on PATH"
    return $null
  }
  New-Item -ItemType Directory -Path $Dir | Out-Null
  foreach ($file in @('package.json', 'package-lock.json')) {
    try {
      Invoke-WebRequest -Uri "$Api/downloads/nvml/$file" -OutFile (Join-Path $Dir $file) -UseBasicParsing
    } catch {
      Write-Warning "could not download $Api/downloads/nvml/${file}: $($_.Exception.Message)"
      return $null
    }
  }
  Push-Location -LiteralPath $Dir
  try {
    # Out-Host: npm's output is shown, not returned as this function's value.
    Invoke-Native { & $Node $npmCli ci --omit=dev --ignore-scripts --no-audit --no-fund --fetch-timeout=30000 --fetch-retries=1 --loglevel=warn | Out-Host }
    if ($LASTEXITCODE -ne 0) {
      Write-Warning 'npm could not install koffi (see its message above)'
      return $null
    }
    # npm skips an optional package it cannot fetch or verify, and exits 0: look for it here.
    # No double quotes in the argument: Windows PowerShell 5.1 does not escape them for node.
    $native = 'koffi-' + (Invoke-Native { & $Node -p '`${process.platform}-${process.arch}`' })
    if (-not (Test-Path -LiteralPath (Join-Path $Dir "node_modules\@koromix\$native"))) {
      Write-Warning "npm installed koffi without its native module @koromix/$native (optional packages turned off, or its download failed)"
      return $null
    }
    Invoke-Native { & $Node --input-type=module -e "await import('koffi')" | Out-Host }
    if ($LASTEXITCODE -ne 0) {
      Write-Warning 'koffi was installed but does not load with this Node.js'
      return $null
    }
  } finally {
    Pop-Location
  }
  return (Join-Path $Dir 'node_modules')
}

# A service of that name that WinSW from an earlier run does not manage is someone else's.
$existing = if ($Root) { $null } else { Get-Service -Name $ServiceId -ErrorAction SilentlyContinue }
if ($existing -and -not (Test-Path -LiteralPath $WinSWExe)) {
  Fail "a service named $ServiceId exists but was not installed by this script; remove it first"
}

Say "Creating $InstallDir and $DataDir"
foreach ($dir in @($InstallDir, $DataDir, $BufferDir, $LogDir)) {
  New-Item -ItemType Directory -Force -Path (Under $dir) | Out-Null
}
# The config holds the device credential; ProgramData is readable by every user by default.
# SIDs, not names, so that this works on every display language: SYSTEM and Administrators.
Say "Restricting $DataDir to SYSTEM and Administrators"
Invoke-Native { & icacls.exe (Under $DataDir) /inheritance:r /grant:r '*S-1-5-18:(OI)(CI)F' '*S-1-5-32-544:(OI)(CI)F' | Out-Null }
if ($LASTEXITCODE -ne 0) { Fail "could not set permissions on $(Under $DataDir)" }

# Everything is downloaded and checked here first, then moved into place.
$Work = Join-Path (Under $InstallDir) ('.install.' + [Guid]::NewGuid().ToString('N'))
New-Item -ItemType Directory -Path $Work | Out-Null
try {
  # 1. Node.js. $NodeRun runs it now; $NodePath is its path on the installed system.
  $NodeRun = $null
  $NodePath = $null
  $NodeNew = $null
  $ours = Join-Path $InstallDir 'node\node.exe'
  $major = if (Test-Path -LiteralPath (Under $ours)) { Get-NodeMajor (Under $ours) } else { 0 }
  if ($major -ge $NodeMajor) {
    $NodeRun = Under $ours
    $NodePath = $ours
    Say "Using Node.js $major at $ours (installed by an earlier run)"
  } else {
    if ($major -gt 0) { Say "Not using Node.js $major at $ours (installed by an earlier run): older than $NodeMajor" }
    $found = Get-Command node.exe -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($found) {
      $major = Get-NodeMajor $found.Path
      if ($major -ge $NodeMajor) {
        $NodeRun = $found.Path
        $NodePath = $found.Path
        Say "Using Node.js $major at $($found.Path) (from PATH)"
      } else {
        Say "Ignoring node.exe on PATH ($($found.Path)): it is Node.js $major, older than $NodeMajor"
      }
    }
  }
  if (-not $NodeRun) {
    $base = "https://nodejs.org/dist/latest-v$NodeMajor.x"
    Say "No Node.js $NodeMajor+ found: downloading the official Node.js $NodeMajor LTS zip for win-x64 from $base/, verifying it against that release's SHASUMS256.txt, and unpacking it into $InstallDir\node"
    $sums = Join-Path $Work 'SHASUMS256.txt'
    Get-Download "$base/SHASUMS256.txt" $sums
    $line = Get-Content -LiteralPath $sums |
      Where-Object { $_ -match "^[0-9a-f]{64}  node-v$NodeMajor\.\d+\.\d+-win-x64\.zip$" } |
      Select-Object -First 1
    if (-not $line) { Fail "$base/SHASUMS256.txt lists no win-x64 zip" }
    $expected, $zipName = $line -split '  ', 2
    $zip = Join-Path $Work $zipName
    Get-Download "$base/$zipName" $zip
    Assert-Sha256 $zip $expected $zipName
    Expand-Archive -LiteralPath $zip -DestinationPath (Join-Path $Work 'node-unpacked')
    $NodeNew = Join-Path (Join-Path $Work 'node-unpacked') ([IO.Path]::GetFileNameWithoutExtension($zipName))
    $NodeRun = Join-Path $NodeNew 'node.exe'
    $NodePath = $ours
    if ((Get-NodeMajor $NodeRun) -lt $NodeMajor) { Fail "the downloaded $zipName does not run" }
  }

  # 2. WinSW, pinned and verified.
  if (-not $Root) {
    Say "Downloading WinSW $WinSWVersion and checking its pinned SHA-256"
    Get-Download $WinSWUrl (Join-Path $Work 'winsw.exe')
    Assert-Sha256 (Join-Path $Work 'winsw.exe') $WinSWSha256 "WinSW-x64.exe $WinSWVersion"
  }

  # 3. The collector: one file, checked against the SHA-256 the API publishes beside it.
  Say "Downloading the collector from $Api/downloads/$Bundle and checking its SHA-256"
  $bundleFile = Join-Path $Work $Bundle
  $sumFile = Join-Path $Work "$Bundle.sha256"
  Get-Download "$Api/downloads/$Bundle" $bundleFile
  Get-Download "$Api/downloads/$Bundle.sha256" $sumFile
  $sumLines = @(Get-Content -LiteralPath $sumFile)
  $sumLine = if ($sumLines.Count -eq 1) { [string]$sumLines[0] } else { '' }
  if ($sumLine -notmatch '^[0-9a-f]{64}  io-worker-collector\.mjs$') {
    Fail "$Api/downloads/$Bundle.sha256 is not one sha256sum line for $Bundle; nothing was installed"
  }
  Assert-Sha256 $bundleFile $sumLine.Substring(0, 64) 'the downloaded collector (corrupted or tampered with)'

  # 3b. The NVML reader: koffi, a native addon the one-file collector cannot carry. It is optional:
  # without it the collector reads nvidia-smi, at more CPU per sample.
  $NvmlReader = $null
  $Modules = Join-Path $InstallDir 'node_modules'
  if (-not $NoNvml) {
    Say 'Installing koffi with npm, checked against the lock file from the API, so that the collector reads NVML in-process'
    $NvmlReader = Install-NvmlReader $NodeRun (Join-Path $Work 'nvml')
    if ($NvmlReader) {
      # nothing to say: it is moved into place below
    } elseif (Test-Path -LiteralPath (Join-Path (Under $Modules) 'koffi')) {
      Write-Warning "keeping the koffi of an earlier run in $Modules (it may be older than the one this collector was tested with)"
    } else {
      Write-Warning 'the collector will read nvidia-smi instead of NVML, at more CPU per sample; run this installer again to retry'
    }
  }

  # 4. Enrol with the verified download. The collector writes the config only once the API has
  # accepted the token, and atomically: a refused token changes nothing.
  Say "Enrolling this machine with $Api"
  Invoke-Native { & $NodeRun $bundleFile enroll --api $Api --token $Token --config (Under $Config) }
  if ($LASTEXITCODE -ne 0) {
    Fail 'enrollment failed (see the message above); the collector was not installed. The token is single-use and expires after an hour: get a new install command from "Add device" (or the device''s "Re-enrol") and run that'
  }

  # 5. Stop and remove the service of an earlier run, then move everything into place.
  if ($existing) {
    Say "Stopping and removing the existing $ServiceId service (it is reinstalled below)"
    if ((Get-Service -Name $ServiceId).Status -ne 'Stopped') { Stop-Service -Name $ServiceId -Force }
    Invoke-Native { & $WinSWExe uninstall }
    if ($LASTEXITCODE -ne 0) { Fail "WinSW could not remove the existing $ServiceId service" }
    # Deletion completes once every handle is closed (an open Services console delays it).
    for ($i = 0; $i -lt 30 -and (Get-Service -Name $ServiceId -ErrorAction SilentlyContinue); $i++) {
      Start-Sleep -Seconds 1
    }
  }
  if ($NodeNew) {
    $nodeDir = Under (Join-Path $InstallDir 'node')
    if (Test-Path -LiteralPath $nodeDir) { Remove-Item -LiteralPath $nodeDir -Recurse -Force }
    Move-Item -LiteralPath $NodeNew -Destination $nodeDir
    $NodeRun = Join-Path $nodeDir 'node.exe'
    Say "Installed Node.js into $InstallDir\node"
  }
  Move-Item -LiteralPath $bundleFile -Destination (Under (Join-Path $InstallDir $Bundle)) -Force
  Say "Installed $InstallDir\$Bundle; the device credential is in $Config"
  # Only now: a running collector holds koffi's native module open, which Windows will not delete.
  # koffi is optional: a file held open by something else (a scan) costs NVML, not the service.
  try {
    if (($NvmlReader -or $NoNvml) -and (Test-Path -LiteralPath (Under $Modules))) {
      Remove-Item -LiteralPath (Under $Modules) -Recurse -Force
    }
    if ($NvmlReader) {
      Move-Item -LiteralPath $NvmlReader -Destination (Under $Modules)
      Say "Installed koffi into ${Modules}: the collector reads NVML where the NVIDIA driver is installed"
    } elseif ($NoNvml) {
      Say "No koffi in $Modules (-NoNvml): the collector reads nvidia-smi"
    }
  } catch {
    Write-Warning "could not replace ${Modules}: $($_.Exception.Message); the collector reads nvidia-smi where it finds no koffi there"
  }
  if (-not $Root) { Move-Item -LiteralPath (Join-Path $Work 'winsw.exe') -Destination $WinSWExe -Force }

  # 6. The service: WinSW runs node, restarts it when it fails, and rolls its logs.
  function Esc([string]$Text) { [Security.SecurityElement]::Escape($Text) }
  $xml = @"
<service>
  <id>$ServiceId</id>
  <name>IO Worker collector</name>
  <description>IO Worker collector: GPU and host telemetry</description>
  <executable>$(Esc $NodePath)</executable>
  <arguments>"$(Esc (Join-Path $InstallDir $Bundle))" run</arguments>
  <workingdirectory>$(Esc $DataDir)</workingdirectory>
  <env name="IOW_CONFIG" value="$(Esc $Config)"/>
  <env name="IOW_BUFFER_DIR" value="$(Esc $BufferDir)"/>
  <startmode>Automatic</startmode>
  <onfailure action="restart" delay="5 sec"/>
  <onfailure action="restart" delay="10 sec"/>
  <onfailure action="restart" delay="30 sec"/>
  <resetfailure>1 hour</resetfailure>
  <stoptimeout>30 sec</stoptimeout>
  <logpath>$(Esc $LogDir)</logpath>
  <log mode="roll-by-size">
    <sizeThreshold>10240</sizeThreshold>
    <keepFiles>8</keepFiles>
  </log>
</service>
"@
  Say "Writing $WinSWXml"
  [IO.File]::WriteAllText((Under $WinSWXml), $xml, (New-Object Text.UTF8Encoding($false)))

  Invoke-OnSystem "$WinSWExe install" {
    Invoke-Native { & $WinSWExe install }
    if ($LASTEXITCODE -ne 0) { Fail "WinSW could not install the $ServiceId service" }
  }
  Invoke-OnSystem "$WinSWExe start" {
    Say "Starting $ServiceId"
    Invoke-Native { & $WinSWExe start }
    if ($LASTEXITCODE -ne 0) { Fail "WinSW could not start $ServiceId; see $LogDir" }
  }
  if (-not $Root) {
    Start-Sleep -Seconds 3
    $service = Get-Service -Name $ServiceId -ErrorAction SilentlyContinue
    if (-not $service -or $service.Status -ne 'Running') {
      Write-Warning "$ServiceId is not running yet; see the logs in $LogDir"
    }
  }
  Say "Done. This machine reports to $Api; the collector's logs are in $LogDir"
} finally {
  Remove-Item -LiteralPath $Work -Recurse -Force -ErrorAction SilentlyContinue
}
