"""The dashboard (看板): a static page served by scoring that reads the four services' APIs in the browser."""
