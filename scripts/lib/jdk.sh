# Shared by scripts/aot-cache and scripts/serve: finds a JDK whose `java` is version 25 or newer (the AOT cache of
# JEP 483/514/515), in this order: $AOT_JAVA_HOME, $JAVA_HOME, the `java` on the PATH, /usr/lib/jvm/*, /opt/java/*.
# Sets aot_java to its java executable, or leaves it empty when there is none.
java_major() { "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}'; }
aot_java=""
for candidate in ${AOT_JAVA_HOME:+"$AOT_JAVA_HOME/bin/java"} ${JAVA_HOME:+"$JAVA_HOME/bin/java"} "$(command -v java || true)" \
    /usr/lib/jvm/*/bin/java /opt/java/*/bin/java; do
  [ -n "$candidate" ] && [ -x "$candidate" ] || continue
  major=$(java_major "$candidate")
  if [ -n "$major" ] && [ "${major%%.*}" -ge 25 ] 2>/dev/null; then
    aot_java=$(readlink -f "$candidate")
    break
  fi
done
