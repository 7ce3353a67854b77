package linkcheck

// For the tests of package linkcheck_test.
var (
	ScanHTML      = scanHTML
	TokenizeHTML  = tokenizeHTML
	CheckScanHTML = checkScanHTML
)
