; Inno Setup script: the Buy-In installer for Windows, built from the one-folder bundle.
;
;   iscc /DAppVersion=0.1.0 packaging\windows\buyin.iss
;
; Installs for the current user only (no administrator rights, nothing outside the user's
; profile): the app folder under %LOCALAPPDATA%\Programs\Buy-In, a Start-menu entry, an
; uninstaller (Settings > Apps), and the .buyin file type under HKCU\Software\Classes so that
; double-clicking a proposal file opens it in Buy-In as  buyin.exe "<path to the file>".
; The version is passed in by the build (read from desktop/__init__.py), never typed here.

#if Ver < EncodeVer(6, 3, 0)
  #error Inno Setup 6.3 or later is needed (x64compatible architecture identifiers).
#endif

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z buyin.iss
#endif
#ifndef BundleDir
  #define BundleDir "..\..\dist\Buy-In"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif

#define AppName "Buy-In"
#define AppExe "buyin.exe"
#define AppPublisher "The Buy-In authors"
#define ProgId "BuyIn.Proposal"

[Setup]
; A fixed AppId makes a newer installer upgrade the existing installation in place.
AppId={{6F3A9C2E-58B1-4D7A-9E0C-2B7D41A8F5C3}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
AppCopyright=Copyright (c) {#AppPublisher}
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
VersionInfoDescription={#AppName} installer
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
UninstallDisplayName={#AppName}
UninstallDisplayIcon={app}\{#AppExe}
SetupIconFile=..\..\resources\icons\buyin.ico
LicenseFile=..\..\LICENSE
ChangesAssociations=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#OutputDir}
OutputBaseFilename=Buy-In-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; A running copy holds its DLLs open; ask to close it rather than fail half-way.
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole bundle, as PyInstaller laid it out (buyin.exe, buyin-cli.exe, _internal\...).
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade replaces the bundled libraries wholesale, so no file of an older version lingers.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Build the business case for 1:1 and BYOD infrastructure"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; The .buyin extension, for this user only.
Root: HKCU; Subkey: "Software\Classes\.buyin"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\.buyin\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "{#AppName} proposal"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"",0"
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
; "Open with" lists the app by its executable name too.
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".buyin"; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
