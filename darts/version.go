package darts

// Version is the toolkit's version; notebooks print it to show they use this checkout.
const Version = "0.1.0-dev"
