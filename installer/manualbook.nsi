; manualbook: the Windows installer. Built on Linux by build.sh:
;   makensis -INPUTCHARSET UTF8 -DVERSION=0.1.0 -DSTAGE=<program folder> -DTOPFILES=<nsh> -DOUTFILE=<exe> manualbook.nsi
;
; Per user, no administrator rights: the program goes to %LOCALAPPDATA%\Programs\manualbook,
; shortcuts to the user's Start menu and desktop, the uninstall entry to HKCU.
; The books live in %LOCALAPPDATA%\manualbook (platformdirs), never in the program folder:
; neither an upgrade nor the uninstaller touches them.
; Silent: Setup.exe /S [/D=C:\path]  (the /D= path last: unquoted as NSIS has it, or quoted whole,
; "/D=C:\some folder"); uninstall.exe /S.

Unicode true
Target amd64-unicode          ; Debian's Wine is 64-bit only; every supported Windows 10/11 PC is x64
!ifdef FAST                   ; -DFAST: a quick zlib build while working on this script
SetCompressor zlib
!else
SetCompressor /SOLID lzma
SetCompressorDictSize 64
!endif
RequestExecutionLevel user
ManifestDPIAware true
SetDateSave off               ; installed files get the install time (and the build stays reproducible)

!define THAINAME "สมุดบัญชีมือ อปท."
!define REGKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\manualbook"
!define MUTEX "manualbook-setup"

Name "${THAINAME}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\manualbook"
InstallDirRegKey HKCU "${REGKEY}" "InstallLocation"
BrandingText "manualbook ${VERSION}"
ShowInstDetails show
ShowUninstDetails show

!include MUI2.nsh
!include LogicLib.nsh
!include FileFunc.nsh
!include WordFunc.nsh

!define MUI_ICON "../resources/manualbook.ico"
!define MUI_UNICON "../resources/manualbook.ico"
!define MUI_ABORTWARNING
!define MUI_LANGDLL_ALLLANGUAGES
; the language chosen is remembered, so the uninstaller speaks it without asking
!define MUI_LANGDLL_REGISTRY_ROOT HKCU
!define MUI_LANGDLL_REGISTRY_KEY "${REGKEY}"
!define MUI_LANGDLL_REGISTRY_VALUENAME "InstallerLanguage"
!define MUI_LANGDLL_WINDOWTITLE "ภาษา / Language"
!define MUI_LANGDLL_INFO "เลือกภาษาของตัวติดตั้ง$\r$\nPlease select the installer's language."

!define MUI_WELCOMEPAGE_TEXT "$(WelcomeText)"
!insertmacro MUI_PAGE_WELCOME
!define MUI_PAGE_HEADER_TEXT "$(DirTitle)"
!define MUI_PAGE_HEADER_SUBTEXT "$(DirSubtitle)"
!define MUI_DIRECTORYPAGE_TEXT_TOP "$(DirText)"
!define MUI_DIRECTORYPAGE_TEXT_DESTINATION "$(DirBox)"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN
!define MUI_FINISHPAGE_RUN_TEXT "$(RunApp)"
!define MUI_FINISHPAGE_RUN_FUNCTION StartApp
!define MUI_FINISHPAGE_TITLE "$(DoneTitle)"
!define MUI_FINISHPAGE_TEXT "$(FinishText)"
!insertmacro MUI_PAGE_FINISH

; NSIS's Thai calls uninstalling "ยกเลิกการติดตั้ง" (cancel the installation); Windows says "ถอนการติดตั้ง".
!define MUI_PAGE_HEADER_TEXT "$(UnTitle)"
!define MUI_PAGE_HEADER_SUBTEXT "$(UnSubtitle)"
!define MUI_UNCONFIRMPAGE_TEXT_TOP "$(KeepBooks)"
!insertmacro MUI_UNPAGE_CONFIRM
!define MUI_PAGE_HEADER_TEXT "$(UnTitle)"
!define MUI_PAGE_HEADER_SUBTEXT "$(UnSubtitle)"
!insertmacro MUI_UNPAGE_INSTFILES
!define MUI_FINISHPAGE_TITLE "$(UnDoneTitle)"
!define MUI_FINISHPAGE_TEXT "$(UnFinishText)"
!insertmacro MUI_UNPAGE_FINISH

!insertmacro MUI_LANGUAGE "Thai"
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_RESERVEFILE_LANGDLL

LangString WelcomeText ${LANG_THAI} "โปรแกรมนี้จะติดตั้ง ${THAINAME} (manualbook ${VERSION}) สำหรับบันทึกบัญชีระหว่างระบบ e-LAAS ขัดข้อง$\r$\n$\r$\nไม่ต้องใช้สิทธิ์ผู้ดูแลระบบ ติดตั้งเฉพาะผู้ใช้คนนี้$\r$\n$\r$\nถ้าเคยติดตั้งไว้แล้ว การติดตั้งทับจะเก็บสมุดบัญชีเดิมไว้ทั้งหมด$\r$\n$\r$\nกด ต่อไป เพื่อเริ่ม"
LangString WelcomeText ${LANG_ENGLISH} "This installs ${THAINAME} (manualbook ${VERSION}), the books kept by hand while e-LAAS is down.$\r$\n$\r$\nNo administrator rights are needed: it is installed for this user only.$\r$\n$\r$\nInstalling over an earlier version keeps every book.$\r$\n$\r$\nClick Next to continue."
LangString DirTitle ${LANG_THAI} "เลือกโฟลเดอร์ของโปรแกรม"
LangString DirTitle ${LANG_ENGLISH} "Choose the program folder"
LangString DirSubtitle ${LANG_THAI} "ไม่ต้องเปลี่ยน ใช้โฟลเดอร์ที่ตั้งไว้ได้เลย"
LangString DirSubtitle ${LANG_ENGLISH} "The folder proposed is the usual one"
LangString DirText ${LANG_THAI} "โปรแกรมจะติดตั้งลงในโฟลเดอร์ด้านล่าง (สมุดบัญชีไม่ได้เก็บในโฟลเดอร์นี้ แต่เก็บที่ $LOCALAPPDATA\manualbook)$\r$\n$\r$\nกด ติดตั้ง เพื่อเริ่ม"
LangString DirText ${LANG_ENGLISH} "The program goes into the folder below (the books are not kept there but in $LOCALAPPDATA\manualbook).$\r$\n$\r$\nClick Install to start."
LangString DirBox ${LANG_THAI} "โฟลเดอร์ของโปรแกรม"
LangString DirBox ${LANG_ENGLISH} "Program folder"
LangString DoneTitle ${LANG_THAI} "ติดตั้ง ${THAINAME} เรียบร้อยแล้ว"
LangString DoneTitle ${LANG_ENGLISH} "${THAINAME} is installed"
LangString RunApp ${LANG_THAI} "เปิดโปรแกรม ${THAINAME} เลย"
LangString RunApp ${LANG_ENGLISH} "Start ${THAINAME} now"
LangString FinishText ${LANG_THAI} "ติดตั้งเรียบร้อยแล้ว เปิดโปรแกรมได้จากไอคอน $\"${THAINAME}$\" บนหน้าจอ (เดสก์ท็อป) หรือในเมนู Start$\r$\n$\r$\nสมุดบัญชีเก็บไว้ที่ $LOCALAPPDATA\manualbook"
LangString FinishText ${LANG_ENGLISH} "Installed. Start it from the $\"${THAINAME}$\" icon on the desktop or in the Start menu.$\r$\n$\r$\nThe books are kept in $LOCALAPPDATA\manualbook"
LangString CloseApp ${LANG_THAI} "โปรแกรม ${THAINAME} ยังเปิดอยู่$\r$\n$\r$\nกรุณาปิดโปรแกรม (และหน้าต่างคำสั่งที่กำลังใช้โปรแกรม) แล้วกด ลองใหม่"
LangString CloseApp ${LANG_ENGLISH} "${THAINAME} is still running.$\r$\n$\r$\nClose it (and any command window using it), then click Retry."
LangString Running ${LANG_THAI} "โปรแกรมติดตั้งกำลังทำงานอยู่แล้วในอีกหน้าต่างหนึ่ง"
LangString Running ${LANG_ENGLISH} "The installer is already running in another window."
LangString Preparing ${LANG_THAI} "กำลังเตรียมโปรแกรมให้เปิดได้เร็วขึ้น (อาจใช้เวลาหนึ่งนาที)..."
LangString Preparing ${LANG_ENGLISH} "Preparing the program for a quick start (this may take a minute)..."
LangString ShortcutComment ${LANG_THAI} "บันทึกบัญชีรับ-จ่าย งบประมาณ และพิมพ์ทะเบียนระหว่างระบบ e-LAAS ขัดข้อง"
LangString ShortcutComment ${LANG_ENGLISH} "Books, budget and daily registers while e-LAAS is down"
LangString KeepBooks ${LANG_THAI} "จะถอนโปรแกรม ${THAINAME} ออกจากเครื่อง$\r$\nสมุดบัญชีและแฟ้มสำรองจะไม่ถูกลบ ยังอยู่ที่ $LOCALAPPDATA\manualbook"
LangString KeepBooks ${LANG_ENGLISH} "${THAINAME} will be removed from this computer.$\r$\nThe books and their backups are NOT deleted: they stay in $LOCALAPPDATA\manualbook"
UninstallButtonText "$(UnButton)"
LangString UnButton ${LANG_THAI} "ถอนการติดตั้ง"
LangString UnButton ${LANG_ENGLISH} "&Uninstall"
LangString UnTitle ${LANG_THAI} "ถอนการติดตั้ง ${THAINAME}"
LangString UnTitle ${LANG_ENGLISH} "Uninstall ${THAINAME}"
LangString UnSubtitle ${LANG_THAI} "ถอนโปรแกรมออกจากเครื่อง สมุดบัญชีไม่ถูกลบ"
LangString UnSubtitle ${LANG_ENGLISH} "Remove the program from this computer; the books stay"
LangString UnDoneTitle ${LANG_THAI} "ถอนการติดตั้งเรียบร้อย"
LangString UnDoneTitle ${LANG_ENGLISH} "Uninstalled"
LangString UnFinishText ${LANG_THAI} "ถอนโปรแกรมเรียบร้อยแล้ว$\r$\n$\r$\nสมุดบัญชีและแฟ้มสำรองยังอยู่ครบที่$\r$\n$LOCALAPPDATA\manualbook$\r$\n$\r$\nถ้าติดตั้งโปรแกรมใหม่ จะเปิดสมุดเดิมได้ทันที"
LangString UnFinishText ${LANG_ENGLISH} "Removed.$\r$\n$\r$\nThe books and their backups are still in$\r$\n$LOCALAPPDATA\manualbook$\r$\n$\r$\nInstalling the program again opens them as before."

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductName" "manualbook"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileDescription" "manualbook ${VERSION} setup"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "LegalCopyright" "MIT licence"

; The running program holds python313.dll: while it cannot be opened for writing, ask
; (or, silent, give up with exit code 2) rather than half-replace a running program.
!macro ENSURE_CLOSED UN
Function ${UN}EnsureClosed
  ${IfNot} ${FileExists} "$INSTDIR\python313.dll"
    Return
  ${EndIf}
  retry:
  ClearErrors
  FileOpen $0 "$INSTDIR\python313.dll" a
  ${If} ${Errors}
    ${If} ${Silent}
      SetErrorLevel 2
      Quit
    ${EndIf}
    MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(CloseApp)" /SD IDCANCEL IDRETRY retry
    SetErrorLevel 2
    Quit
  ${EndIf}
  FileClose $0
FunctionEnd
!macroend
!insertmacro ENSURE_CLOSED ""
!insertmacro ENSURE_CLOSED "un."

Function .onInit
  System::Call 'kernel32::CreateMutex(p 0, i 0, t "${MUTEX}") p .r1 ?e'
  Pop $0
  ${If} $0 = 183
    MessageBox MB_OK|MB_ICONEXCLAMATION "$(Running)" /SD IDOK
    Abort
  ${EndIf}
  ; NSIS reads /D= only unquoted; "/D=C:\some folder" (as scripts and Wine quote it) would be
  ; ignored and the program silently put elsewhere. Take the quoted form too.
  ${WordFind} $CMDLINE '"/D=' "E+1}" $R0
  ${IfNot} ${Errors}
    ${WordFind} $R0 '"' "E+1{" $R1
    ${IfNot} ${Errors}
      StrCpy $INSTDIR $R1
    ${EndIf}
  ${EndIf}
  StrCpy $LANGUAGE ${LANG_THAI}
  !insertmacro MUI_LANGDLL_DISPLAY
FunctionEnd

Function un.onInit
  !insertmacro MUI_UNGETLANGUAGE
FunctionEnd

Function StartApp
  Exec '"$INSTDIR\pythonw.exe" -m manualbook_ui'
FunctionEnd

Section "manualbook" SecMain
  SectionIn RO
  SetShellVarContext current
  Call EnsureClosed
  ; An earlier version of ours (the marker says so): its libraries go first, so no stale
  ; module outlives the upgrade. Only program files: the books are elsewhere.
  ${If} ${FileExists} "$INSTDIR\manualbook-install.txt"
    RMDir /r "$INSTDIR\Lib"
  ${EndIf}
  SetOutPath "$INSTDIR"
  File /r "${STAGE}\*"
  FileOpen $0 "$INSTDIR\manualbook-install.txt" w
  FileWrite $0 "manualbook ${VERSION}$\r$\nThe books are in %LOCALAPPDATA%\manualbook, not here.$\r$\n"
  FileClose $0
  WriteUninstaller "$INSTDIR\uninstall.exe"

  ; The GUI through pythonw (no console window); the working folder is the user's Documents.
  SetOutPath "$DOCUMENTS"
  CreateShortCut "$SMPROGRAMS\${THAINAME}.lnk" "$INSTDIR\pythonw.exe" "-m manualbook_ui" \
    "$INSTDIR\manualbook.ico" 0 SW_SHOWNORMAL "" "$(ShortcutComment)"
  CreateShortCut "$DESKTOP\${THAINAME}.lnk" "$INSTDIR\pythonw.exe" "-m manualbook_ui" \
    "$INSTDIR\manualbook.ico" 0 SW_SHOWNORMAL "" "$(ShortcutComment)"
  SetOutPath "$INSTDIR"

  WriteRegStr HKCU "${REGKEY}" "DisplayName" "${THAINAME} (manualbook)"
  WriteRegStr HKCU "${REGKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${REGKEY}" "Publisher" "manualbook"
  WriteRegStr HKCU "${REGKEY}" "DisplayIcon" "$INSTDIR\manualbook.ico"
  WriteRegStr HKCU "${REGKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${REGKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${REGKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${REGKEY}" "NoModify" 1
  WriteRegDWORD HKCU "${REGKEY}" "NoRepair" 1

  ; Python compiles the libraries once now rather than on the clerk's first start. One process
  ; (compileall -j 0's process pool once hung the install under Wine), and never more than
  ; five minutes: it only saves time at the first start, so it may never block the install.
  DetailPrint "$(Preparing)"
  nsExec::ExecToLog /TIMEOUT=300000 '"$INSTDIR\python.exe" -m compileall -q "$INSTDIR\Lib\site-packages"'
  Pop $0
  DetailPrint "compileall: $0"
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${REGKEY}" "EstimatedSize" $0
SectionEnd

Section "Uninstall"
  SetShellVarContext current
  Call un.EnsureClosed
  Delete "$SMPROGRAMS\${THAINAME}.lnk"
  Delete "$DESKTOP\${THAINAME}.lnk"
  ; The program's own files by name (TOPFILES lists them); the folder goes only if then empty.
  SetDetailsPrint textonly     ; thousands of library files: one line, not one each
  !include "${TOPFILES}"
  SetDetailsPrint both
  Delete "$INSTDIR\manualbook-install.txt"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${REGKEY}"
  DetailPrint "$(KeepBooks)"
SectionEnd
